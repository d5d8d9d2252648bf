using System.Buffers.Binary;
using System.Diagnostics;

namespace KDTalker.Model.Audio;

/// <summary>Decodes any audio or video file ffmpeg understands to mono float samples at a chosen rate.</summary>
/// <param name="executable">Path of the ffmpeg executable.</param>
public sealed class FfmpegDecoder(string executable)
{
    /// <summary>Path of the ffmpeg executable this decoder runs.</summary>
    public string Executable { get; } = executable;

    /// <summary>Runs <c>ffmpeg -v error -i file:PATH -f f32le -ac 1 -ar RATE -</c> and reads the samples from its stdout.</summary>
    /// <remarks>The <c>file:</c> prefix keeps ffmpeg from reading a local name as a protocol, an option or stdin.</remarks>
    /// <exception cref="AudioFormatException">ffmpeg could not start or failed; the message carries its stderr.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the ffmpeg process is killed.</exception>
    public float[] Decode(string path, int sampleRate, CancellationToken cancellationToken = default)
    {
        var samples = new List<float>();
        DecodeTo(path, sampleRate, block => samples.AddRange(block), cancellationToken);
        return [.. samples];
    }

    /// <summary>As <see cref="Decode"/>, handing the samples to <paramref name="samples"/> block by block as ffmpeg produces them.</summary>
    public void DecodeTo(string path, int sampleRate, Action<ReadOnlySpan<float>> samples, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in new[] { "-v", "error", "-i", "file:" + Path.GetFullPath(path), "-f", "f32le", "-ac", "1", "-ar",
            sampleRate.ToString(), "-" })
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new AudioFormatException($"{path}: could not run ffmpeg at {Executable}: {error.Message}", error);
        }
        process.StandardInput.Close();
        using var kill = cancellationToken.Register(() => Kill(process));
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        ReadFloats(process.StandardOutput.BaseStream, samples);
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
            throw new AudioFormatException($"{path}: ffmpeg failed (exit code {process.ExitCode}): {stderr.Result.Trim()}");
    }

    private static void ReadFloats(Stream stdout, Action<ReadOnlySpan<float>> samples)
    {
        var buffer = new byte[1 << 16];
        var values = new float[buffer.Length / sizeof(float)];
        int filled = 0;
        int read;
        while ((read = stdout.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            int whole = filled / sizeof(float);
            for (int i = 0; i < whole; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(i * sizeof(float)));
            if (whole > 0)
                samples(values.AsSpan(0, whole));
            buffer.AsSpan(whole * sizeof(float), filled - whole * sizeof(float)).CopyTo(buffer);
            filled -= whole * sizeof(float);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
