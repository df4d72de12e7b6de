package io.parley.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * A grouped bar chart as PNG (java.awt, headless): one group per category (e.g. a scenario), one bar per
 * series (a server) showing the median, with a whisker from min to max over the rounds. A missing value
 * leaves its slot empty with "not measured".
 */
public final class BarChart {

    /** One series (server) with its colour. */
    public record Series(String name, Color color) {
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;
    private static final int LEFT = 90;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;

    private final String title;
    private final String yLabel;
    private final List<Series> series;
    private final List<String> categories = new ArrayList<>();
    private final List<Map<String, Summary>> values = new ArrayList<>();

    public BarChart(String title, String yLabel, List<Series> series) {
        this.title = title;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
    }

    /** Adds a category with a summary per series name (absent: empty slot; unmeasured: "not measured"). */
    public BarChart category(String name, Map<String, Summary> bySeries) {
        categories.add(name);
        values.add(bySeries);
        return this;
    }

    public boolean isEmpty() {
        return values.stream().allMatch(m -> m.values().stream().noneMatch(Summary::measured));
    }

    /** A "nice" axis maximum (1, 2, 2.5 or 5 times a power of ten) at or above the value. */
    static double niceMax(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] { 1, 2, 2.5, 5, 10 }) {
            if (f * exp >= v) {
                return f * exp;
            }
        }
        return 10 * exp;
    }

    public void write(Path png) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private void draw(Graphics2D g) {
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(base.deriveFont(Font.BOLD, 17f));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        g.setFont(base);

        double max = 0;
        for (Map<String, Summary> m : values) {
            for (Summary s : m.values()) {
                if (s.measured()) {
                    max = Math.max(max, Math.max(s.max(), s.median()));
                }
            }
        }
        double axisMax = niceMax(max * 1.08);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int y0 = TOP + plotH;

        // grid and y axis
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 5; i++) {
            double v = axisMax * i / 5;
            int y = y0 - (int) Math.round(plotH * i / 5.0);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = Figures.fmt(v);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, y0);
        g.drawLine(LEFT, y0, LEFT + plotW, y0);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 18);
        rotated.dispose();

        int groups = Math.max(1, categories.size());
        double groupW = plotW / (double) groups;
        double barW = Math.min(70, groupW * 0.8 / Math.max(1, series.size()));
        for (int c = 0; c < categories.size(); c++) {
            double gx = LEFT + c * groupW;
            double start = gx + (groupW - barW * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                Series ser = series.get(s);
                Summary sum = values.get(c).get(ser.name());
                int x = (int) Math.round(start + s * barW);
                int w = (int) Math.round(barW) - 4;
                if (sum == null) {
                    continue; // the scenario does not run this server
                }
                if (!sum.measured()) {
                    g.setColor(Color.GRAY);
                    Graphics2D r = (Graphics2D) g.create();
                    r.setFont(base.deriveFont(11f));
                    r.rotate(-Math.PI / 2, x + w / 2.0 + 4, y0 - 6);
                    r.drawString("not measured", x + w / 2 + 4, y0 - 6);
                    r.dispose();
                    continue;
                }
                int h = (int) Math.round(plotH * sum.median() / axisMax);
                g.setColor(ser.color());
                g.fillRect(x, y0 - h, w, h);
                if (sum.n() > 1 && sum.max() > sum.min()) {
                    int yMin = y0 - (int) Math.round(plotH * sum.min() / axisMax);
                    int yMax = y0 - (int) Math.round(plotH * sum.max() / axisMax);
                    int cx = x + w / 2;
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.5f));
                    g.drawLine(cx, yMin, cx, yMax);
                    g.drawLine(cx - 6, yMin, cx + 6, yMin);
                    g.drawLine(cx - 6, yMax, cx + 6, yMax);
                    g.setStroke(new BasicStroke(1f));
                }
                g.setColor(Color.BLACK);
                g.setFont(base.deriveFont(11f));
                String label = Figures.fmt(sum.median());
                int top = y0 - Math.max(h, (int) Math.round(plotH * sum.max() / axisMax));
                g.drawString(label, x + w / 2 - g.getFontMetrics().stringWidth(label) / 2, top - 4);
                g.setFont(base);
            }
            String cat = categories.get(c);
            g.setColor(Color.BLACK);
            g.drawString(cat, (int) (gx + groupW / 2 - fm.stringWidth(cat) / 2.0), y0 + 20);
        }

        // legend
        int lx = LEFT;
        int ly = HEIGHT - 30;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(lx, ly - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 20, ly);
            lx += 40 + fm.stringWidth(s.name());
        }
        g.setColor(Color.DARK_GRAY);
        String note = "bar: median over rounds; whisker: min-max";
        g.drawString(note, WIDTH - RIGHT - fm.stringWidth(note), ly);
    }
}
