package dev.wasend.connector.invitelink.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  private final HttpClients clients = new HttpClients(null, ProxySelector.of(null));

  @Test
  void oneClientPerConnectTimeoutWhileItIsAmongTheMostRecent() {
    try (HttpClients.Lease first = clients.lease(10);
        HttpClients.Lease again = clients.lease(10)) {
      assertThat(again.client()).isSameAs(first.client());
    }
  }

  /** A dropped client is shut down only when its last request has ended, never under it. */
  @Test
  void aDroppedClientLivesUntilItsLastRequestEnds() throws InterruptedException {
    HttpClients.Lease inFlight = clients.lease(1);
    List<HttpClient> others = new ArrayList<>();
    for (int seconds = 2; seconds <= 2 + HttpClients.CAPACITY; seconds++) {
      try (HttpClients.Lease lease = clients.lease(seconds)) {
        others.add(lease.client());
      }
    }
    HttpClient dropped = inFlight.client();
    assertThat(dropped.isTerminated()).as("still in use").isFalse();
    try (HttpClients.Lease fresh = clients.lease(1)) {
      assertThat(fresh.client()).as("a new client for the dropped timeout").isNotSameAs(dropped);
    }

    inFlight.close();
    assertThat(dropped.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(others.get(others.size() - 1).isTerminated()).as("a current one lives on").isFalse();
  }

  /** A replaced client serves no new request and shuts down once its requests have ended. */
  @Test
  void aReplacedClientEndsAfterItsLastRequest() throws InterruptedException {
    HttpClients.Lease inFlight = clients.lease(10);
    HttpClient replaced = inFlight.client();
    clients.replace(inFlight);

    try (HttpClients.Lease next = clients.lease(10)) {
      assertThat(next.client()).isNotSameAs(replaced);
    }
    assertThat(replaced.isTerminated()).as("still in use").isFalse();
    inFlight.close();
    assertThat(replaced.awaitTermination(Duration.ofSeconds(10))).isTrue();
  }
}
