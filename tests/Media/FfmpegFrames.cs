using System.Diagnostics;

namespace KDTalker.Tests.Media;

/// <summary>Frames decoded by the system ffmpeg (an independent MJPEG decoder and AVI demuxer), as raw RGB.</summary>
public static class FfmpegFrames
{
    /// <summary>The one frame ffmpeg lands on after seeking (through the file's index) to <paramref name="seconds"/>.</summary>
    public static byte[] At(string path, double seconds)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-v", "error", "-nostdin", "-ss", seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "-i", path, "-map", "0:v", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var pixels = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(pixels);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg could not decode {path} at {seconds} s: {errors.Result}");
        return pixels.ToArray();
    }
}
