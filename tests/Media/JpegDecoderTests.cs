using System.Security.Cryptography;
using System.Text.Json;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Media.Jpeg;
using KDTalker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace KDTalker.Tests.Media;

/// <summary>
/// Our JPEG decoder: the six face-api sample photos decode to exactly the pixels jpeg-js gave the Node reference
/// (SHA-256 of the RGB bytes in face_reference.json); progressive and restart-interval encodings of the same
/// coefficients decode to the same pixels as baseline; colour and grey files agree with libjpeg's float decoder within
/// 3 and 1 levels; the integer IDCT is within 1 level of the exact transform; corrupt files give clear errors.
/// </summary>
public sealed class JpegDecoderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sample1.jpg")]
    [InlineData("sample2.jpg")]
    [InlineData("sample3.jpg")]
    [InlineData("sample4.jpg")]
    [InlineData("sample5.jpg")]
    [InlineData("sample6.jpg")]
    public void The_sample_photos_decode_to_the_pixels_of_face_apis_reference(string file)
    {
        string path = Path.Combine(FaceModels.DefaultFolder, file);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run scripts/fetch-face-models.sh (it uses npm) before the tests.");
        var image = ImageFile.Load(path);
        var reference = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("face/face_reference.json"))).RootElement
            .GetProperty("runs").EnumerateArray().SelectMany(run => run.GetProperty("images").EnumerateArray())
            .First(entry => entry.GetProperty("file").GetString() == file);
        Assert.Equal(reference.GetProperty("rgbSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(image.Pixels)));
        if (file == "sample1.jpg")
            Assert.Equal(ImageFile.Load(Fixtures.Path("face/sample1_rgb.png")).Pixels, image.Pixels);
    }

    [Theory]
    [InlineData("progressive-420.jpg")]
    [InlineData("restart-420.jpg")]
    public void Lossless_re_encodings_decode_to_the_baseline_pixels(string file)
    {
        var baseline = ImageFile.Load(Fixtures.Path("jpeg/baseline-420.jpg"));
        var other = ImageFile.Load(Fixtures.Path($"jpeg/{file}"));
        Assert.Equal((131, 97), (other.Width, other.Height));
        Assert.Equal(baseline.Pixels, other.Pixels);
    }

    [Theory]
    [InlineData("baseline-420.jpg", "baseline-420.libjpeg.ppm")]
    [InlineData("grey.jpg", "grey.libjpeg.pgm")]
    public void Colour_and_grey_files_agree_with_libjpeg(string file, string libjpeg)
    {
        var ours = ImageFile.Load(Fixtures.Path($"jpeg/{file}"));
        var (width, height, channels, pixels) = ReadNetpbm(Fixtures.Path($"jpeg/{libjpeg}"));
        Assert.Equal((ours.Width, ours.Height), (width, height));
        int max = 0;
        long sum = 0;
        for (int i = 0; i < width * height * 3; i++)
        {
            int d = Math.Abs(ours.Pixels[i] - pixels[channels == 3 ? i : i / 3]);
            max = Math.Max(max, d);
            sum += d;
        }
        output.WriteLine($"{file}: max {max} levels, mean {(double)sum / (width * height * 3):F3}");
        // Both IDCTs are within a level of exact; colour adds jpeg-js's truncating YCbCr → RGB (libjpeg rounds: a bias
        // of half a level on average) and the chroma IDCT error scaled by up to 1.772.
        Assert.True(max <= (channels == 3 ? 3 : 1), $"{file}: {max} levels from libjpeg");
        Assert.True(sum / (width * height * 3.0) < (channels == 3 ? 0.6 : 0.1));
    }

    [Fact]
    public void The_integer_idct_is_within_one_level_of_the_exact_transform()
    {
        // IEEE 1180-style: random coefficients in [-256, 255] with unit quantisation, against the float64 DCT-III
        // f(x, y) = ¼ Σu Σv C(u) C(v) F(u, v) cos((2x+1)uπ/16) cos((2y+1)vπ/16), C(0) = 1/√2, level-shifted by 128.
        var random = new Random(1180);
        var unit = Enumerable.Repeat(1, 64).ToArray();
        var block = new int[64];
        var work = new int[64];
        var samples = new byte[64];
        int max = 0;
        long sum = 0, count = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            int range = trial % 2 == 0 ? 256 : 8;
            for (int i = 0; i < 64; i++)
                block[i] = random.Next(-range, range);
            JpegIdct.Inverse(block, unit, work, samples, 8);
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    double value = 128;
                    for (int v = 0; v < 8; v++)
                        for (int u = 0; u < 8; u++)
                            value += 0.25 * (u == 0 ? Math.Sqrt(0.5) : 1) * (v == 0 ? Math.Sqrt(0.5) : 1) * block[v * 8 + u]
                                * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                    int d = Math.Abs(samples[y * 8 + x] - (int)Math.Clamp(Math.Round(value), 0, 255));
                    max = Math.Max(max, d);
                    sum += d;
                    count++;
                }
        }
        output.WriteLine($"IDCT: max {max} levels, mean {(double)sum / count:F4}");
        Assert.True(max <= 1, $"IDCT off by {max} levels");
        Assert.True((double)sum / count < 0.1);
    }

    [Fact]
    public void Truncated_and_corrupt_files_are_reported_with_the_file_name()
    {
        var good = File.ReadAllBytes(Fixtures.Path("jpeg/baseline-420.jpg"));
        var truncated = Assert.Throws<InvalidDataException>(() => Load(good[..(good.Length / 2)]));
        Assert.Contains("photo.jpg", truncated.Message);
        Assert.Contains("truncated", truncated.Message);

        var badLength = (byte[])good.Clone();
        badLength[4] = 0xFF; // the APP0 segment now claims to run past the end of the file
        Assert.Contains("runs past the end", Assert.Throws<InvalidDataException>(() => Load(badLength)).Message);

        var huge = (byte[])good.Clone();
        int frame = huge.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08 }); // SOF0, 17 bytes, 8-bit samples
        huge[frame + 5] = huge[frame + 6] = huge[frame + 7] = huge[frame + 8] = 0xFF; // 65535x65535
        Assert.Contains("megapixels", Assert.Throws<InvalidDataException>(() => Load(huge)).Message);

        // Any single corrupt byte in the headers or the image data either still decodes or gives InvalidDataException.
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            var corrupt = (byte[])good.Clone();
            corrupt[random.Next(2, corrupt.Length - 2)] = (byte)random.Next(256);
            try
            {
                var image = Load(corrupt);
                Assert.True(image.Width > 0 && image.Height > 0);
            }
            catch (InvalidDataException error)
            {
                Assert.Contains("photo.jpg", error.Message);
            }
        }
    }

    private static RgbImage Load(byte[] bytes) => ImageFile.Load(new MemoryStream(bytes), "photo.jpg");

    /// <summary>Reads a binary PPM (P6) or PGM (P5) with maxval 255.</summary>
    private static (int Width, int Height, int Channels, byte[] Pixels) ReadNetpbm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[at]))
                at++;
            int start = at;
            while (!char.IsWhiteSpace((char)bytes[at]))
                at++;
            return System.Text.Encoding.ASCII.GetString(bytes, start, at - start);
        }
        int channels = Token() == "P6" ? 3 : 1;
        int width = int.Parse(Token()), height = int.Parse(Token());
        Token();
        return (width, height, channels, bytes[(at + 1)..]);
    }
}
