package dev.wasend.connector.invitelink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on. */
final class Machine {

  static String describe() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .findFirst()
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .orElse("?");
    } catch (IOException e) {
      // not Linux
    }
    return "machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cpus, "
        + cpu
        + "; JDK "
        + System.getProperty("java.vm.vendor")
        + " "
        + Runtime.version()
        + "; "
        + load();
  }

  static String load() {
    try {
      return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "load average ?";
    }
  }
}
