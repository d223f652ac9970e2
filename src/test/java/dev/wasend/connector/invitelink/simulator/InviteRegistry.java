package dev.wasend.connector.invitelink.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated service's data: API keys, sessions, groups and their invite codes. Thread-safe:
 * maps are concurrent and each group's code changes under that group's own lock, so revokes of
 * different groups never wait for each other.
 */
final class InviteRegistry {

  /** Outcome of a revoke attempt, in the order the service checks things. */
  sealed interface Revoke {
    record Done(String newCode) implements Revoke {}

    record UnknownSession() implements Revoke {}

    record UnknownGroup() implements Revoke {}

    record NotAdmin() implements Revoke {}

    /** The key used up what {@link #limitApiKey} left it just before this revoke. */
    record KeyInvalid() implements Revoke {}
  }

  private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();

  /** API key to the successful revokes it has left; keys not in here have no limit. */
  private final Map<String, AtomicInteger> revokesLeft = new ConcurrentHashMap<>();

  /** sessionId to the API key that owns it. */
  private final Map<String, String> sessions = new ConcurrentHashMap<>();

  private final Map<String, Group> groups = new ConcurrentHashMap<>();

  /** Every code ever handed out, so a revoked code is never issued again. */
  private final Set<String> issued = ConcurrentHashMap.newKeySet();

  /** Current (valid) code to its group id. */
  private final Map<String, String> validCodes = new ConcurrentHashMap<>();

  void addApiKey(String key) {
    apiKeys.add(key);
  }

  boolean isApiKey(String key) {
    if (key == null || !apiKeys.contains(key)) {
      return false;
    }
    AtomicInteger left = revokesLeft.get(key);
    return left == null || left.get() > 0;
  }

  boolean isRegisteredApiKey(String key) {
    return apiKeys.contains(key);
  }

  /** The key authenticates for {@code revokes} more successful revokes, then no more. */
  void limitApiKey(String key, int revokes) {
    revokesLeft.put(key, new AtomicInteger(revokes));
  }

  /** Takes one revoke from the key's allowance; false when none is left. */
  private boolean takeRevoke(String key) {
    AtomicInteger left = revokesLeft.get(key);
    return left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  void addSession(String apiKey, String sessionId) {
    addApiKey(apiKey);
    sessions.put(sessionId, apiKey);
  }

  /** Adds the session as a member of the group; the group gets its first code when new. */
  String addGroup(String sessionId, String groupId, boolean admin) {
    if (!sessions.containsKey(sessionId)) {
      throw new IllegalStateException("unknown session, register it first: " + sessionId);
    }
    Group group = groups.computeIfAbsent(groupId, id -> new Group(issueCode(id)));
    synchronized (group) {
      group.admins.put(sessionId, admin);
      return group.code;
    }
  }

  String currentCode(String groupId) {
    Group group = requireGroup(groupId);
    synchronized (group) {
      return group.code;
    }
  }

  List<String> revokedCodes(String groupId) {
    Group group = requireGroup(groupId);
    synchronized (group) {
      return List.copyOf(group.revoked);
    }
  }

  boolean isValid(String linkOrCode) {
    return linkOrCode != null && validCodes.containsKey(InviteCodes.codeOf(linkOrCode));
  }

  /** Checks ownership and admin rights like the service, then replaces the group's code. */
  Revoke revoke(String apiKey, String sessionId, String groupId) {
    // a session of another key is "not found", so a key cannot probe for foreign sessions
    if (!apiKey.equals(sessions.get(sessionId))) {
      return new Revoke.UnknownSession();
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return new Revoke.UnknownGroup();
    }
    synchronized (group) {
      Boolean admin = group.admins.get(sessionId);
      if (admin == null) {
        return new Revoke.UnknownGroup();
      }
      if (!admin) {
        return new Revoke.NotAdmin();
      }
      // checked last and atomically, so concurrent requests never revoke more than the allowance
      if (!takeRevoke(apiKey)) {
        return new Revoke.KeyInvalid();
      }
      String old = group.code;
      String fresh = issueCode(groupId);
      validCodes.remove(old);
      group.revoked.add(old);
      group.code = fresh;
      return new Revoke.Done(fresh);
    }
  }

  private String issueCode(String groupId) {
    String code;
    do {
      code = InviteCodes.newCode();
    } while (!issued.add(code));
    validCodes.put(code, groupId);
    return code;
  }

  private Group requireGroup(String groupId) {
    Group group = groups.get(groupId);
    if (group == null) {
      throw new IllegalArgumentException("unknown group: " + groupId);
    }
    return group;
  }

  private static final class Group {
    /** sessionId to whether that session's account is an admin. */
    final Map<String, Boolean> admins = new ConcurrentHashMap<>();

    final List<String> revoked = new ArrayList<>();
    String code;

    Group(String code) {
      this.code = code;
    }
  }
}
