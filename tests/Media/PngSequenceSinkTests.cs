using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using StbImageSharp;
using Xunit;

namespace KDTalker.Tests.Media;

/// <summary>The PNG sequence: every frame back pixel for pixel (PNG is lossless) and the audio back sample for sample.</summary>
public sealed class PngSequenceSinkTests : ScratchFolder
{
    [Fact]
    public async Task The_folder_holds_every_frame_losslessly_and_the_audio_as_wav()
    {
        var clip = new TestClip(40, 24, 12);
        string folder = Path.Combine(Scratch, "frames");
        await clip.WriteAsync(new PngSequenceSink(folder));

        Assert.Equal(Enumerable.Range(0, 12).Select(PngSequenceSink.FrameFileName).Append(PngSequenceSink.AudioFileName).Order(),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        for (int i = 0; i < 12; i++)
        {
            var decoded = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(folder, PngSequenceSink.FrameFileName(i))), ColorComponents.RedGreenBlue);
            Assert.Equal((40, 24), (decoded.Width, decoded.Height));
            Assert.Equal(clip.Frames[i].Pixels, decoded.Data);
        }
        var wav = File.ReadAllBytes(Path.Combine(folder, PngSequenceSink.AudioFileName));
        Assert.Equal(44 + 2 * clip.Audio.Length, wav.Length);
        Assert.Equal(clip.Audio, Enumerable.Range(0, clip.Audio.Length).Select(i => BitConverter.ToInt16(wav, 44 + 2 * i)));
        var read = WavReader.Read(Path.Combine(folder, PngSequenceSink.AudioFileName)); // the project's own reader agrees
        Assert.Equal(16000, read.SampleRate);
        Assert.Equal(clip.Audio.Length, read.Samples.Length);
        Assert.Equal([Path.GetFileName(folder)], Directory.EnumerateFileSystemEntries(Scratch).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_existing_empty_folder_is_used_and_a_non_empty_one_refused()
    {
        var clip = new TestClip(8, 8, 2);
        string empty = Directory.CreateDirectory(Path.Combine(Scratch, "empty")).FullName;
        await clip.WriteAsync(new PngSequenceSink(empty));
        Assert.Equal(3, Directory.GetFiles(empty).Length);

        await using var again = new PngSequenceSink(empty);
        var error = await Assert.ThrowsAsync<IOException>(() => again.OpenAsync(clip.Info()).AsTask());
        Assert.Contains("not empty", error.Message);
    }
}
