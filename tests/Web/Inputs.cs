using System.Text;

namespace KDTalker.Tests.Web;

/// <summary>Uploads for the service tests: the bundled portrait and short synthetic speech as WAV bytes.</summary>
public static class Inputs
{
    public static byte[] Portrait => File.ReadAllBytes(Path.Combine(ServiceHost.Assets, "portrait.png"));

    /// <summary><paramref name="frames"/> × 40 ms of a modulated tone (not silent), 16 kHz mono 16-bit.</summary>
    public static byte[] Speech(int frames) =>
        Wav(Enumerable.Range(0, frames * 640).Select(i => (short)(8000 * Math.Sin(i * 0.07) * (0.5 + 0.5 * Math.Sin(i * 0.002)))).ToArray());

    public static byte[] Wav(short[] samples, int sampleRate = 16000)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples.Length * 2);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples.Length * 2);
        foreach (short sample in samples)
            writer.Write(sample);
        writer.Flush();
        return stream.ToArray();
    }
}
