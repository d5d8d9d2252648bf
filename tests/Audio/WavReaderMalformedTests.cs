using System.Buffers.Binary;
using System.Diagnostics;
using KDTalker.Model.Audio;
using Xunit;
using static KDTalker.Tests.Audio.WavWriter;

namespace KDTalker.Tests.Audio;

public sealed class WavReaderMalformedTests
{
    private static readonly byte[] Valid = Riff(
        Chunk("LIST", new byte[13]),
        Chunk("fmt ", Fmt(TagPcm, 2, 16000, 16)),
        Chunk("data", IntegerSamples(RandomCodes(new Random(1), 400, 16), 16)));

    private static void Rejects(byte[] file, string expectedProblem)
    {
        foreach (var stream in new Stream[] { new MemoryStream(file), new PipeLikeStream(file) })
        {
            var error = Assert.Throws<AudioFormatException>(() => WavReader.Read(stream, "broken.wav"));
            Assert.StartsWith("broken.wav: ", error.Message);
            Assert.Contains(expectedProblem, error.Message);
        }
    }

    [Fact]
    public void Truncated_riff_header_is_reported() => Rejects(Valid[..9], "truncated header");

    [Fact]
    public void Truncated_chunk_header_is_reported() => Rejects(Valid[..16], "truncated header");

    [Fact]
    public void Truncated_fmt_chunk_is_reported()
    {
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)))[..28];
        Rejects(file, "the fmt chunk declares 16 bytes but the file ends after 8");
    }

    [Fact]
    public void Png_file_is_not_riff() =>
        Rejects([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], "not a RIFF file");

    [Fact]
    public void Text_file_is_not_riff() => Rejects("Hello, this is not audio at all.\n"u8.ToArray(), "not a RIFF file");

    [Fact]
    public void Riff_avi_is_not_wave()
    {
        var file = Valid.ToArray();
        "AVI "u8.CopyTo(file.AsSpan(8));
        Rejects(file, "is not WAVE");
    }

    [Fact]
    public void Data_before_fmt_is_missing_fmt() =>
        Rejects(Riff(Chunk("data", new byte[8]), Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16))), "missing fmt chunk");

    [Fact]
    public void File_without_chunks_is_missing_fmt() => Rejects(Riff(), "missing fmt chunk");

    [Fact]
    public void File_without_data_is_missing_data() =>
        Rejects(Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)), Chunk("LIST", new byte[4])), "missing data chunk");

    [Fact]
    public void Zero_channels_are_rejected() =>
        Rejects(Simple(TagPcm, 0, 16000, 16, new byte[8]), "zero channels");

    [Fact]
    public void Absurd_channel_counts_are_rejected() =>
        Rejects(Simple(TagPcm, 65535, 16000, 8, new byte[65535]), "fmt chunk declares 65535 channels");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_999)]
    [InlineData(768_001)]
    [InlineData(100_000_000)]
    public void Absurd_sample_rates_are_rejected(int sampleRate) =>
        Rejects(Simple(TagPcm, 1, sampleRate, 16, new byte[8]), $"invalid sample rate {sampleRate} Hz");

    [Fact]
    public void Mu_law_is_an_unsupported_format_tag() =>
        Rejects(Simple(7, 1, 8000, 8, new byte[8]), "unsupported WAV format tag 0x0007 (mu-law)");

    [Theory]
    [InlineData(TagPcm, 12)]
    [InlineData(TagPcm, 0)]
    [InlineData(TagFloat, 16)]
    public void Unsupported_bit_depths_are_rejected(ushort tag, int bits) =>
        Rejects(Riff(Chunk("fmt ", Fmt(tag, 1, 16000, bits, blockAlign: 2)), Chunk("data", new byte[8])), $"unsupported bit depth {bits}");

    [Fact]
    public void Unknown_extensible_sub_format_is_rejected()
    {
        var fmt = FmtExtensible(TagPcm, 1, 16000, 16);
        fmt[30] ^= 0xFF;
        Rejects(Riff(Chunk("fmt ", fmt), Chunk("data", new byte[8])), "unsupported WAVE_FORMAT_EXTENSIBLE sub-format");
    }

    [Fact]
    public void Inconsistent_block_align_is_rejected() =>
        Rejects(Riff(Chunk("fmt ", Fmt(TagPcm, 2, 16000, 16, blockAlign: 2)), Chunk("data", new byte[8])),
            "block align 2 is inconsistent with 2 channel(s) of 16-bit samples (expected 4)");

    [Fact]
    public void Data_size_larger_than_the_file_is_truncated_data() =>
        Rejects(Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16)), Chunk("data", new byte[100], declaredSize: 10_000)), "truncated data");

    [Fact]
    public void Huge_fmt_size_in_a_small_file_is_rejected_without_allocating_it()
    {
        var file = Riff(Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16), declaredSize: 0x7FFFFFF0), new byte[64]);
        Assert.Equal(100, file.Length);
        Rejects(file, "fmt chunk declares 2147483632 bytes");
    }

    [Fact]
    public void Huge_unknown_chunk_size_is_a_truncated_chunk() =>
        Rejects(Riff(Chunk("LIST", new byte[20], declaredSize: 0xFFFFFFF0), Chunk("fmt ", Fmt(TagPcm, 1, 16000, 16))), "truncated chunk: \"LIST\" declares 4294967280 bytes");

    [Fact]
    public void Fuzzed_files_either_decode_or_raise_audio_format_exception_quickly()
    {
        var random = new Random(2024);
        uint[] extremes = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFE, 44];
        var slowest = TimeSpan.Zero;
        for (int trial = 0; trial < 400; trial++)
        {
            var file = Valid.ToArray();
            switch (trial % 4)
            {
                case 0:
                    file = file[..random.Next(file.Length)];
                    break;
                case 1:
                    for (int flips = random.Next(1, 5); flips > 0; flips--)
                        file[random.Next(80)] ^= (byte)random.Next(1, 256);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(random.Next(0, 76)), extremes[random.Next(extremes.Length)]);
                    break;
                default:
                    BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(random.Next(0, 78)), (ushort)random.Next(65536));
                    break;
            }
            var clock = Stopwatch.StartNew();
            foreach (var stream in new Stream[] { new MemoryStream(file), new PipeLikeStream(file) })
            {
                try
                {
                    var clip = WavReader.Read(stream, "fuzz.wav");
                    Assert.True(clip.SampleRate > 0);
                }
                catch (AudioFormatException)
                {
                }
            }
            if (clock.Elapsed > slowest)
                slowest = clock.Elapsed;
        }
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"Slowest fuzz case took {slowest.TotalMilliseconds:F0} ms.");
    }
}
