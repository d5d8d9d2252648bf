using KDTalker.Model.Media;

namespace KDTalker.Tests.Media;

/// <summary>Synthetic frames (smooth, different every frame) and a 440 Hz tone, and a helper that writes them through a sink.</summary>
public sealed class TestClip
{
    public const int Fps = 25, SampleRate = 16000, SamplesPerFrame = SampleRate / Fps;

    public TestClip(int width, int height, int frames)
    {
        Width = width;
        Height = height;
        Frames = Enumerable.Range(0, frames).Select(i => Frame(width, height, i)).ToList();
        Audio = Enumerable.Range(0, frames * SamplesPerFrame).Select(i => (short)(12000 * Math.Sin(i * 2 * Math.PI * 440 / SampleRate) + (i % 7) - 3)).ToArray();
    }

    public int Width { get; }
    public int Height { get; }
    public List<RgbImage> Frames { get; }
    public short[] Audio { get; }

    /// <summary>What the sink is told at open; <paramref name="announcedFrames"/> may differ from what is written.</summary>
    public VideoStreamInfo Info(int? announcedFrames = null) => new(Width, Height, Fps, SampleRate, announcedFrames ?? Frames.Count);

    public ReadOnlyMemory<short> AudioOf(int frame) => Audio.AsMemory(frame * SamplesPerFrame, SamplesPerFrame);

    /// <summary>Open, every frame, complete, dispose.</summary>
    public async Task WriteAsync(IFrameSink sink, int? announcedFrames = null)
    {
        await using (sink)
        {
            await sink.OpenAsync(Info(announcedFrames));
            for (int i = 0; i < Frames.Count; i++)
                await sink.WriteFrameAsync(Frames[i], AudioOf(i));
            await sink.CompleteAsync();
        }
    }

    // Gradients and a sine in x (JPEG-friendly), moving with the frame index.
    private static RgbImage Frame(int width, int height, int index)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                image.Pixels[i] = (byte)((x * 192 / width + index * 2) & 0xFF);
                image.Pixels[i + 1] = (byte)(y * 224 / height);
                image.Pixels[i + 2] = (byte)(128 + 60 * Math.Sin((x * 64.0 / width + index) / 10.0));
            }
        return image;
    }
}

/// <summary>A scratch folder per test class instance, deleted afterwards.</summary>
public abstract class ScratchFolder : IDisposable
{
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("kdtalker-media-").FullName;

    public virtual void Dispose()
    {
        if (!OperatingSystem.IsWindows())
            foreach (string folder in Directory.EnumerateDirectories(Scratch, "*", SearchOption.AllDirectories))
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static double Seconds(System.Text.Json.JsonElement stream, string property) =>
        double.Parse(stream.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
