using KDTalker.Model.Audio;
using KDTalker.Tensors.SafeTensors;
using KDTalker.Tests.Support;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Audio;

public sealed class WavReaderTests
{
    private const int Frames = 1000;

    private static AudioClip Read(byte[] file) => WavReader.Read(new MemoryStream(file), "test.wav");

    [Fact]
    public void Decodes_the_fixture_exactly_as_soundfile_does()
    {
        // g_mel.safetensors holds the upstream decoding: librosa.load -> float32, and the raw int16 codes.
        using var expected = SafeTensorsFile.Open(Fixtures.Path("golden/g_mel.safetensors"));
        var clip = WavReader.Read(Fixtures.Path("audio/g_audio.wav"));

        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(expected.ReadFloat32("wav_float32"), clip.Samples);
        Assert.Equal(expected.ReadInt64("pcm_int16"), clip.Samples.Select(s => (long)(s * 32768f)));
    }

    [Theory]
    [InlineData(8, 128.0)]
    [InlineData(16, 32768.0)]
    [InlineData(24, 8388608.0)]
    [InlineData(32, 2147483648.0)]
    public void Integer_pcm_decodes_to_code_over_full_scale(int bits, double fullScale)
    {
        var codes = RandomCodes(new Random(bits), Frames, bits);
        var clip = Read(Simple(TagPcm, 1, 22050, bits, IntegerSamples(codes, bits)));

        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(codes.Select(c => (float)(c / fullScale)), clip.Samples);
    }

    [Fact]
    public void Float32_samples_decode_unchanged()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, Frames).Select(_ => (float)(random.NextDouble() * 2.4 - 1.2)).ToArray();
        var clip = Read(Simple(TagFloat, 1, 48000, 32, Float32Samples(values)));
        Assert.Equal(values, clip.Samples);
    }

    [Fact]
    public void Float64_samples_decode_rounded_to_float32()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, Frames).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var clip = Read(Simple(TagFloat, 1, 48000, 64, Float64Samples(values)));
        Assert.Equal(values.Select(v => (float)v), clip.Samples);
    }

    [Fact]
    public void Int16_quantised_sine_is_within_half_a_step()
    {
        var sine = Enumerable.Range(0, Frames).Select(i => 0.9 * Math.Sin(2 * Math.PI * 440 * i / 16000.0)).ToArray();
        var codes = sine.Select(v => (long)Math.Round(v * 32768)).ToArray();
        var clip = Read(Simple(TagPcm, 1, 16000, 16, IntegerSamples(codes, 16)));
        for (int i = 0; i < Frames; i++)
            Assert.InRange(Math.Abs(clip.Samples[i] - sine[i]), 0, 0.5 / 32768 + 1e-7);
    }

    [Theory]
    [InlineData(TagPcm, 24)]
    [InlineData(TagFloat, 32)]
    public void Extensible_format_decodes_like_its_sub_format(ushort subFormat, int bits)
    {
        var data = subFormat == TagPcm
            ? IntegerSamples(RandomCodes(new Random(5), Frames, bits), bits)
            : Float32Samples(Enumerable.Range(0, Frames).Select(i => MathF.Sin(i * 0.01f)).ToArray());
        var plain = Read(Simple(subFormat, 1, 44100, bits, data));
        var extensible = Read(Riff(Chunk("fmt ", FmtExtensible(subFormat, 1, 44100, bits)), Chunk("data", data)));

        Assert.Equal(44100, extensible.SampleRate);
        Assert.Equal(plain.Samples, extensible.Samples);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Channels_are_averaged(int channels)
    {
        var codes = RandomCodes(new Random(channels), Frames * channels, 16);
        var clip = Read(Simple(TagPcm, channels, 16000, 16, IntegerSamples(codes, 16)));

        Assert.Equal(Frames, clip.Samples.Length);
        for (int frame = 0; frame < Frames; frame++)
        {
            double mean = codes.Skip(frame * channels).Take(channels).Average() / 32768.0;
            Assert.InRange(Math.Abs(clip.Samples[frame] - mean), 0, 1e-7);
        }
    }

    [Fact]
    public void Stereo_extensible_float_is_averaged()
    {
        float[] interleaved = [0.5f, -0.25f, 1f, 1f, -1f, 0f];
        var clip = Read(Riff(Chunk("fmt ", FmtExtensible(TagFloat, 2, 16000, 32)), Chunk("data", Float32Samples(interleaved))));
        Assert.Equal([0.125f, 1f, -0.5f], clip.Samples);
    }

    [Fact]
    public void Unknown_and_odd_sized_chunks_are_skipped_with_their_pad_byte()
    {
        var codes = RandomCodes(new Random(6), Frames, 16);
        var file = Riff(
            Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray()),
            Chunk("junk", [1, 2, 3]),
            Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)),
            Chunk("fact", [0xE8, 0x03, 0, 0]),
            Chunk("odd!", [9]),
            Chunk("data", IntegerSamples(codes, 16)));

        Assert.Equal(codes.Select(c => c / 32768f), Read(file).Samples);
        Assert.Equal(codes.Select(c => c / 32768f), WavReader.Read(new PipeLikeStream(file), "pipe").Samples);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void Streaming_data_size_means_until_the_end_of_the_stream(uint declaredSize)
    {
        var codes = RandomCodes(new Random(7), Frames, 16);
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)), Chunk("data", IntegerSamples(codes, 16), declaredSize));
        var expected = codes.Select(c => c / 32768f);

        Assert.Equal(expected, Read(file).Samples);
        Assert.Equal(expected, WavReader.Read(new PipeLikeStream(file), "pipe").Samples);
    }

    [Fact]
    public void Streaming_data_size_drops_a_trailing_partial_frame()
    {
        // Three 24-bit frames and one stray byte: 10 bytes, so no pad byte is involved.
        var data = IntegerSamples([100, -100, 7], 24).Append((byte)1).ToArray();
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 24)), Chunk("data", data, 0xFFFFFFFF));
        Assert.Equal([100 / 8388608f, -100 / 8388608f, 7 / 8388608f], Read(file).Samples);
    }

    [Fact]
    public void Non_seekable_stream_with_short_reads_decodes_the_same()
    {
        var codes = RandomCodes(new Random(8), 3 * 70_001, 24);
        var file = Simple(TagPcm, 3, 8000, 24, IntegerSamples(codes, 24));
        Assert.Equal(Read(file).Samples, WavReader.Read(new PipeLikeStream(file), "pipe").Samples);
        Assert.Equal(70_001, Read(file).Samples.Length);
    }

    [Fact]
    public void Empty_data_chunk_gives_an_empty_clip()
    {
        var clip = Read(Simple(TagPcm, 1, 16000, 16, []));
        Assert.Empty(clip.Samples);
        Assert.Equal(16000, clip.SampleRate);
    }
}
