using System.Globalization;

namespace KDTalker.Model.Media;

/// <summary>
/// A chart of head pose over time: yaw (red), pitch (green) and roll (blue) in degrees against seconds, with
/// a zero line and grid lines at round steps (about four each side of zero, about ten along time).
/// </summary>
public static class PosePlot
{
    private static readonly (byte, byte, byte) Background = (255, 255, 255), Grid = (225, 225, 225), Axis = (90, 90, 90),
        Yaw = (214, 39, 40), Pitch = (44, 160, 44), Roll = (31, 119, 180);

    // The smallest of 1, 2, 5 × 10ᵏ at or above the rough step.
    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(step => step >= rough);
    }

    /// <summary>Draws the three angle series (one value per frame at <paramref name="fps"/>).</summary>
    public static RgbImage Draw(IReadOnlyList<float> yaw, IReadOnlyList<float> pitch, IReadOnlyList<float> roll, double fps = 25, int width = 1200,
        int height = 480)
    {
        int frames = yaw.Count;
        if (frames == 0 || pitch.Count != frames || roll.Count != frames)
            throw new ArgumentException("The pose plot needs the same, non-zero number of yaw, pitch and roll values.");
        var canvas = new Canvas(new RgbImage(width, height));
        canvas.Fill(0, 0, width, height, Background);
        const int left = 80, right = 20, top = 40, bottom = 50;
        int plotWidth = width - left - right, plotHeight = height - top - bottom;
        double limit = Math.Max(5, new[] { yaw, pitch, roll }.SelectMany(s => s).Max(v => Math.Abs((double)v)) * 1.1);
        double gridStep = NiceStep(limit / 4);
        limit = Math.Ceiling(limit / gridStep) * gridStep;
        double seconds = Math.Max(frames - 1, 1) / fps, timeStep = Math.Max(1, NiceStep(seconds / 10));
        double X(double time) => left + time / seconds * plotWidth;
        double Y(double degrees) => top + (limit - degrees) / (2 * limit) * plotHeight;

        for (double d = -limit; d <= limit + 1e-9; d += gridStep)
        {
            canvas.Line(left, Y(d), left + plotWidth, Y(d), d == 0 ? Axis : Grid);
            string label = d.ToString("0", CultureInfo.InvariantCulture);
            canvas.Text(left - 10 - Canvas.TextWidth(label), (int)Y(d) - 7, label, Axis);
        }
        for (double t = 0; t <= seconds + 1e-9; t += timeStep)
        {
            canvas.Line(X(t), top, X(t), top + plotHeight, Grid);
            string label = t.ToString("0", CultureInfo.InvariantCulture);
            canvas.Text((int)X(t) - Canvas.TextWidth(label) / 2, top + plotHeight + 10, label, Axis);
        }
        canvas.Line(left, top, left, top + plotHeight, Axis);
        canvas.Text(8, 8, "deg", Axis);
        canvas.Text(width - right - Canvas.TextWidth("time (s)"), height - 22, "time (s)", Axis);

        var series = new[] { ("yaw", yaw, Yaw), ("pitch", pitch, Pitch), ("roll", roll, Roll) };
        int legendX = left + 20;
        foreach (var (name, values, color) in series)
        {
            for (int i = 1; i < frames; i++)
                canvas.Line(X((i - 1) / fps), Y(values[i - 1]), X(i / fps), Y(values[i]), color, thickness: 2);
            canvas.Fill(legendX, 14, 24, 4, color);
            canvas.Text(legendX + 30, 9, name, Axis);
            legendX += 30 + Canvas.TextWidth(name) + 30;
        }
        return canvas.Image;
    }
}
