using System.Diagnostics;
using System.Text.Json;

namespace KDTalker.Tests.Support;

/// <summary>
/// Reads a media file's streams with the system ffprobe, the independent judge of what we write. CI installs
/// ffmpeg (.ci/run); without it these tests fail with a message saying so, rather than skipping.
/// </summary>
public static class Ffprobe
{
    public static JsonElement Streams(string path)
    {
        string output = Run("ffprobe", "-v", "error", "-count_packets", "-show_streams", "-show_format", "-of", "json", path);
        return JsonDocument.Parse(output).RootElement;
    }

    public static JsonElement Stream(JsonElement probe, string codecType) =>
        probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == codecType);

    /// <summary>Decodes the audio of a file to 16-bit mono samples with ffmpeg.</summary>
    public static short[] DecodeAudio(string path)
    {
        string raw = Path.GetTempFileName();
        try
        {
            Run("ffmpeg", "-v", "error", "-y", "-i", path, "-map", "0:a", "-f", "s16le", "-ac", "1", raw);
            var bytes = File.ReadAllBytes(raw);
            return Enumerable.Range(0, bytes.Length / 2).Select(i => BitConverter.ToInt16(bytes, 2 * i)).ToArray();
        }
        finally
        {
            File.Delete(raw);
        }
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"{tool} is not installed: these tests read our video files back with ffmpeg (apt install ffmpeg; .ci/run installs it).", error);
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} failed on {string.Join(' ', arguments)}: {errors.Result}");
            return output;
        }
    }
}
