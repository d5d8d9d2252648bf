using KDTalker.Model.Audio;
using NAudio.Wave;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Audio;

/// <summary>
/// Why WavReader walks the RIFF chunks itself instead of using NAudio's WaveFileReader: on an ordinary file the two
/// agree sample for sample; on the files streaming writers and broken downloads produce, NAudio fails or returns too
/// little without a word.
/// </summary>
public sealed class WavReaderNAudioTests
{
    private static readonly long[] Codes = RandomCodes(new Random(15), 1000, 16);
    private static readonly float[] Expected = Codes.Select(c => c / 32768f).ToArray();
    private static byte[] Data => IntegerSamples(Codes, 16);

    private static float[] NAudioSamples(Stream stream)
    {
        using var reader = new WaveFileReader(stream);
        var samples = new float[4 * Codes.Length];
        int count = reader.ToSampleProvider().Read(samples);
        return samples[..count];
    }

    [Fact]
    public void An_ordinary_file_reads_the_same_with_both()
    {
        var file = Simple(TagPcm, 1, 16000, 16, Data);
        Assert.Equal(Expected, NAudioSamples(new MemoryStream(file)));
        Assert.Equal(Expected, WavReader.Read(new MemoryStream(file), "ordinary.wav").Samples);
    }

    [Fact]
    public void A_pipe_is_read_by_ours_only()
    {
        var file = Simple(TagPcm, 1, 16000, 16, Data);
        Assert.ThrowsAny<NotSupportedException>(() => NAudioSamples(new PipeLikeStream(file)));
        Assert.Equal(Expected, WavReader.Read(new PipeLikeStream(file), "pipe").Samples);
    }

    [Fact]
    public void A_streaming_data_size_of_zero_reads_nothing_with_naudio_and_everything_with_ours()
    {
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)), Chunk("data", Data, declaredSize: 0));
        Assert.Empty(NAudioSamples(new MemoryStream(file)));
        Assert.Equal(Expected, WavReader.Read(new MemoryStream(file), "streamed.wav").Samples);
    }

    [Fact]
    public void A_riff_size_of_zero_hides_the_fmt_chunk_from_naudio_only()
    {
        var file = Simple(TagPcm, 1, 16000, 16, Data);
        file.AsSpan(4, 4).Clear();
        var error = Assert.Throws<FormatException>(() => NAudioSamples(new MemoryStream(file)));
        Assert.Contains("No fmt chunk", error.Message);
        Assert.Equal(Expected, WavReader.Read(new MemoryStream(file), "streamed.wav").Samples);
    }

    [Fact]
    public void A_data_size_larger_than_the_file_is_silently_short_with_naudio_and_an_error_with_ours()
    {
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)), Chunk("data", Data, declaredSize: (uint)Data.Length * 2));
        Assert.Equal(Expected, NAudioSamples(new MemoryStream(file)));
        var error = Assert.Throws<AudioFormatException>(() => WavReader.Read(new MemoryStream(file), "cut.wav"));
        Assert.Contains("truncated data", error.Message);
    }
}
