package dev.wasend.connector.invitelink.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws accepted requests per second (solid) and 429 answers per second (thin) over time, ours and
 * the REST connector, with the service's limit as a dashed line: one panel per scenario, each from
 * the run with the median time. Plain java.awt, headless.
 */
final class PacingChart {

  private static final int PANEL_W = 640;
  private static final int PANEL_H = 300;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 34;
  private static final int BOTTOM = 40;
  private static final Color OURS = new Color(0x1f, 0x77, 0xb4);
  private static final Color REST = new Color(0xff, 0x7f, 0x0e);
  private static final Color LIMIT = new Color(0x55, 0x55, 0x55);

  static Path draw(List<EngineRun.Result> results, Path file) throws IOException {
    List<EngineRun.Scenario> scenarios =
        EngineRun.SCENARIOS.stream()
            .filter(s -> results.stream().anyMatch(r -> r.scenario() == s))
            .toList();
    int columns = Math.min(2, scenarios.size());
    int rows = (scenarios.size() + 1) / 2;
    BufferedImage image =
        new BufferedImage(columns * PANEL_W, rows * PANEL_H + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < scenarios.size(); i++) {
      panel(g, scenarios.get(i), results, (i % 2) * PANEL_W, (i / 2) * PANEL_H);
    }
    legend(g, 20, rows * PANEL_H + 18);
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static EngineRun.Result medianRun(
      List<EngineRun.Result> results, EngineRun.Scenario scenario, String connector) {
    List<EngineRun.Result> these =
        results.stream()
            .filter(r -> r.scenario() == scenario && r.connector().equals(connector))
            .sorted(Comparator.comparingDouble(EngineRun.Result::seconds))
            .toList();
    return these.isEmpty() ? null : these.get(these.size() / 2);
  }

  private static void panel(
      Graphics2D g, EngineRun.Scenario scenario, List<EngineRun.Result> results, int x0, int y0) {
    EngineRun.Result ours = medianRun(results, scenario, "plain");
    if (ours == null) {
      ours = medianRun(results, scenario, "ours");
    }
    EngineRun.Result rest = medianRun(results, scenario, "rest");
    double maxSeconds =
        5
            * Math.ceil(
                Math.max(ours == null ? 0 : ours.seconds(), rest == null ? 0 : rest.seconds()) / 5);
    double maxRate = 10 * Math.ceil(scenario.perSecond() * 1.3 / 10);
    int w = PANEL_W - LEFT - RIGHT;
    int h = PANEL_H - TOP - BOTTOM;
    int px = x0 + LEFT;
    int py = y0 + TOP;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(scenario.title(), px, y0 + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int rate = 0; rate <= maxRate; rate += 10) {
      int y = py + h - (int) (h * rate / maxRate);
      g.setColor(new Color(0xe6, 0xe6, 0xe6));
      g.drawLine(px, y, px + w, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(Integer.toString(rate), px - 24, y + 4);
    }
    double step = maxSeconds > 60 ? 10 : 5;
    for (double s = 0; s <= maxSeconds; s += step) {
      int x = px + (int) (w * s / maxSeconds);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x, py + h, x, py + h + 4);
      g.drawString(String.format(Locale.ROOT, "%.0f", s), x - 6, py + h + 16);
    }
    g.drawString("seconds since start", px + w / 2 - 50, py + h + 32);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString("requests / s", -(py + h / 2 + 30), x0 + 16);
    rotated.dispose();
    g.setColor(Color.GRAY);
    g.drawRect(px, py, w, h);

    // the limit
    Path2D limit = new Path2D.Double();
    limit.moveTo(px, py + h - h * scenario.limitAt(0) / maxRate);
    for (double s = 0; s <= maxSeconds; s += 0.05) {
      limit.lineTo(px + w * s / maxSeconds, py + h - h * scenario.limitAt(s) / maxRate);
    }
    g.setColor(LIMIT);
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    g.draw(limit);

    series(g, rest, REST, px, py, w, h, maxSeconds, maxRate);
    series(g, ours, OURS, px, py, w, h, maxSeconds, maxRate);
    g.setStroke(new BasicStroke(1));
  }

  /** Accepted and refused per second over a sliding one-second window of the 100 ms samples. */
  private static void series(
      Graphics2D g,
      EngineRun.Result result,
      Color color,
      int px,
      int py,
      int w,
      int h,
      double maxSeconds,
      double maxRate) {
    if (result == null) {
      return;
    }
    double[] s = result.samples(); // t, requests, refused; three per sample
    int n = s.length / 3;
    Path2D accepted = new Path2D.Double();
    Path2D refused = new Path2D.Double();
    boolean first = true;
    for (int i = 0, j = 0; i < n; i++) {
      double t = s[3 * i];
      while (j < i && t - s[3 * j] > 1.0) {
        j++;
      }
      if (j == i || t - s[3 * j] < 0.5) {
        continue;
      }
      double dt = t - s[3 * j];
      double acc = ((s[3 * i + 1] - s[3 * i + 2]) - (s[3 * j + 1] - s[3 * j + 2])) / dt;
      double ref = (s[3 * i + 2] - s[3 * j + 2]) / dt;
      double x = px + w * (t - dt / 2) / maxSeconds;
      double ya = py + h - h * Math.min(acc, maxRate) / maxRate;
      double yr = py + h - h * Math.min(ref, maxRate) / maxRate;
      if (first) {
        accepted.moveTo(x, ya);
        refused.moveTo(x, yr);
        first = false;
      } else {
        accepted.lineTo(x, ya);
        refused.lineTo(x, yr);
      }
    }
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    g.draw(accepted);
    g.setStroke(new BasicStroke(0.8f));
    g.draw(refused);
  }

  private static void legend(Graphics2D g, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setStroke(new BasicStroke(2f));
    g.setColor(OURS);
    g.drawLine(x, y - 4, x + 24, y - 4);
    g.setColor(Color.BLACK);
    g.drawString("ours: accepted / s (thin: 429 / s)", x + 30, y);
    g.setColor(REST);
    g.drawLine(x + 260, y - 4, x + 284, y - 4);
    g.setColor(Color.BLACK);
    g.drawString("REST connector: accepted / s (thin: 429 / s)", x + 290, y);
    g.setColor(LIMIT);
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    g.drawLine(x + 590, y - 4, x + 614, y - 4);
    g.setColor(Color.BLACK);
    g.drawString("Wasend's limit", x + 620, y);
    g.setStroke(new BasicStroke(1));
  }
}
