using System.Buffers.Binary;
using KDTalker.Model.Media;
using KDTalker.Tests.Support;
using StbImageSharp;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>
/// The video writers, judged by ffprobe/ffmpeg and by reading the AVI chunks back ourselves: stream codecs, sizes,
/// frame rate and count, audio sample for sample (AVI) or duration (AAC), JPEG frames within a stated error, and no
/// file left behind when a writer is abandoned.
/// </summary>
public sealed class VideoWriterTests : IDisposable
{
    private const int Width = 64, Height = 48, Frames = 30, SamplesPerFrame = 640;
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-video-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Avi_has_mjpeg_and_pcm_streams_that_ffprobe_reads_and_the_frames_and_audio_come_back()
    {
        string path = Path.Combine(_directory, "clip.avi");
        var (frames, audio) = await Write(new AviWriter(path));

        var probe = Ffprobe.Streams(path);
        var video = Ffprobe.Stream(probe, "video");
        var sound = Ffprobe.Stream(probe, "audio");
        Assert.Equal("mjpeg", video.GetProperty("codec_name").GetString());
        Assert.Equal((Width, Height), (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal("25/1", video.GetProperty("r_frame_rate").GetString());
        Assert.Equal(Frames.ToString(), video.GetProperty("nb_read_packets").GetString());
        Assert.Equal("pcm_s16le", sound.GetProperty("codec_name").GetString());
        Assert.Equal("16000", sound.GetProperty("sample_rate").GetString());
        Assert.Equal(audio, Ffprobe.DecodeAudio(path));

        // Our own reading of the movi chunks: JPEG frames decode to the source within the codec's error.
        var jpegs = Chunks(File.ReadAllBytes(path), "00dc");
        Assert.Equal(Frames, jpegs.Count);
        for (int i = 0; i < Frames; i += 7)
        {
            var decoded = ImageResult.FromMemory(jpegs[i], ColorComponents.RedGreenBlue);
            double meanError = decoded.Data.Zip(frames[i].Pixels, (a, b) => Math.Abs(a - b)).Average();
            Assert.True(meanError < 3, $"frame {i}: mean JPEG error {meanError:F2} levels (bound 3 at quality 90 on a smooth image)");
        }
    }

    [Fact]
    public async Task Mp4_has_h264_and_aac_with_the_frame_count_and_matching_durations()
    {
        string path = Path.Combine(_directory, "clip.mp4");
        await Write(new FfmpegMp4Writer(path));
        var probe = Ffprobe.Streams(path);
        var video = Ffprobe.Stream(probe, "video");
        var sound = Ffprobe.Stream(probe, "audio");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal("yuv420p", video.GetProperty("pix_fmt").GetString());
        Assert.Equal(Frames.ToString(), video.GetProperty("nb_read_packets").GetString());
        Assert.Equal("aac", sound.GetProperty("codec_name").GetString());
        double videoSeconds = double.Parse(video.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        double audioSeconds = double.Parse(sound.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Frames * 0.04, videoSeconds, 1e-6);
        Assert.True(Math.Abs(audioSeconds - videoSeconds) <= 1024.0 / 16000 + 1e-6, $"audio {audioSeconds} s vs video {videoSeconds} s (one AAC frame is 64 ms)");
        Assert.Single(Directory.GetFiles(_directory)); // no temporaries left
    }

    [Fact]
    public async Task Png_sequence_holds_every_frame_and_the_audio()
    {
        string folder = Path.Combine(_directory, "frames");
        var (frames, audio) = await Write(new PngSequenceSink(folder));
        Assert.Equal(Frames, Directory.GetFiles(folder, "frame_*.png").Length);
        Assert.Equal(frames[5].Pixels, ImageFile.Load(Path.Combine(folder, "frame_000005.png")).Pixels);
        var wav = KDTalker.Model.Audio.WavReader.Read(Path.Combine(folder, "audio.wav"));
        Assert.Equal(audio.Select(s => s / 32768f), wav.Samples);
    }

    [Theory]
    [InlineData("avi")]
    [InlineData("mp4")]
    [InlineData("png")]
    public async Task An_abandoned_writer_leaves_nothing_behind(string format)
    {
        string path = Path.Combine(_directory, "abandoned." + format);
        await using (var sink = Create(format, path))
        {
            await sink.OpenAsync(new VideoStreamInfo(Width, Height, 25, 16000, Frames));
            for (int i = 0; i < 3; i++)
                await sink.WriteFrameAsync(Frame(i), new short[SamplesPerFrame]);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task A_missing_output_folder_is_a_clear_error()
    {
        await using var sink = new AviWriter(Path.Combine(_directory, "missing", "clip.avi"));
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => sink.OpenAsync(new VideoStreamInfo(Width, Height, 25, 16000, 1)).AsTask());
        Assert.Contains("missing", error.Message);
    }

    private static IFrameSink Create(string format, string path) => format switch
    {
        "avi" => new AviWriter(path),
        "mp4" => new FfmpegMp4Writer(path),
        _ => new PngSequenceSink(path),
    };

    private static async Task<(List<RgbImage> Frames, short[] Audio)> Write(IFrameSink sink)
    {
        var frames = Enumerable.Range(0, Frames).Select(Frame).ToList();
        var audio = Enumerable.Range(0, Frames * SamplesPerFrame).Select(i => (short)(12000 * Math.Sin(i * 2 * Math.PI * 440 / 16000))).ToArray();
        await using (sink)
        {
            await sink.OpenAsync(new VideoStreamInfo(Width, Height, 25, 16000, Frames));
            for (int i = 0; i < Frames; i++)
                await sink.WriteFrameAsync(frames[i], audio.AsMemory(i * SamplesPerFrame, SamplesPerFrame));
            await sink.CompleteAsync();
        }
        return (frames, audio);
    }

    // A smooth moving gradient (JPEG-friendly, different every frame).
    private static RgbImage Frame(int index)
    {
        var image = new RgbImage(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width + x) * 3;
                image.Pixels[i] = (byte)(x * 3 + index * 2);
                image.Pixels[i + 1] = (byte)(y * 4);
                image.Pixels[i + 2] = (byte)(128 + 60 * Math.Sin((x + index) / 10.0));
            }
        return image;
    }

    // The payloads of every chunk with this id inside the movi list (a minimal RIFF walk).
    private static List<byte[]> Chunks(byte[] file, string id)
    {
        var found = new List<byte[]>();
        void Walk(int start, int end)
        {
            for (int at = start; at + 8 <= end;)
            {
                string tag = System.Text.Encoding.ASCII.GetString(file, at, 4);
                int size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
                if (tag is "RIFF" or "LIST")
                    Walk(at + 12, at + 8 + size);
                else if (tag == id)
                    found.Add(file.AsSpan(at + 8, size).ToArray());
                at += 8 + size + (size & 1);
            }
        }
        Walk(0, file.Length);
        return found;
    }
}
