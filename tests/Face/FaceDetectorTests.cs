using System.Text.Json;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Face;

/// <summary>
/// Our TinyFaceDetector + FaceLandmark68Net against the real face-api 1.7.15 (tfjs CPU backend) results in
/// tests/fixtures/face. From the same pixels (sample1): raw grid 1e-3, raw landmark outputs 1e-4 (relative
/// units), boxes and landmarks 0.05 px, scores 1e-4, at input sizes 416, 320 and 608. From our own JPEG decoding of
/// all six sample photos: the same faces, IoU ≥ 0.98, and the same 0.05 px and 1e-4 tolerances. The models and photos come from
/// scripts/fetch-face-models.sh (run by .ci/run).
/// </summary>
public sealed class FaceDetectorTests : IDisposable
{
    private readonly CpuBackend _backend = new();
    private readonly FaceDetector _detector;
    private readonly JsonElement _reference;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FaceDetectorTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        string models = FaceModels.DefaultFolder;
        if (!File.Exists(Path.Combine(models, "tiny_face_detector_model.bin")))
            throw new InvalidOperationException($"The face models are not in {models}: run scripts/fetch-face-models.sh (it uses npm) before the tests.");
        _detector = FaceDetector.Load(models, _backend);
        _reference = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("face/face_reference.json"))).RootElement;
    }

    public void Dispose()
    {
        _detector.Dispose();
        _backend.Dispose();
    }

    [Theory]
    [InlineData(416)]
    [InlineData(320)]
    [InlineData(608)]
    public void From_the_same_pixels_boxes_scores_and_landmarks_match_face_api(int inputSize)
    {
        var photo = ImageFile.Load(Fixtures.Path("face/sample1_rgb.png"));
        var expected = Image(inputSize, "sample1.jpg");
        var faces = _detector.Detect(photo, inputSize);
        var reference = expected.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(reference.Count, faces.Count);
        for (int i = 0; i < faces.Count; i++)
        {
            var box = reference[i].GetProperty("box");
            Assert.Equal(box.GetProperty("x").GetDouble(), faces[i].Box.Left, 0.05);
            Assert.Equal(box.GetProperty("y").GetDouble(), faces[i].Box.Top, 0.05);
            Assert.Equal(box.GetProperty("width").GetDouble(), faces[i].Box.Width, 0.05);
            Assert.Equal(box.GetProperty("height").GetDouble(), faces[i].Box.Height, 0.05);
            Assert.Equal(reference[i].GetProperty("score").GetDouble(), faces[i].Score, 1e-4);
            var landmarks = reference[i].GetProperty("landmarks").EnumerateArray().ToList();
            for (int j = 0; j < 68; j++)
            {
                Assert.Equal(landmarks[j][0].GetDouble(), faces[i].Landmarks[j].X, 0.05);
                Assert.Equal(landmarks[j][1].GetDouble(), faces[i].Landmarks[j].Y, 0.05);
            }
        }
    }

    [Fact]
    public void The_raw_detector_grid_and_landmark_outputs_match_face_api()
    {
        var photo = ImageFile.Load(Fixtures.Path("face/sample1_rgb.png"));
        var expected = Image(416, "sample1.jpg");
        var raw = expected.GetProperty("detectorRaw").GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        using var grid = _detector.DetectorGrid(photo, 416);
        var ours = grid.ToArray();
        double worst = 0;
        for (int r = 0; r < 13; r++)
            for (int c = 0; c < 13; c++)
                for (int k = 0; k < 25; k++)
                    worst = Math.Max(worst, Math.Abs(ours[(k * 13 + r) * 13 + c] - raw[(r * 13 + c) * 25 + k])); // theirs NHWC, ours NCHW
        Assert.True(worst < 1e-3, $"detector grid max abs {worst:E2} (values up to ~10)");

        var faces = expected.GetProperty("faces").EnumerateArray().ToList();
        var landmarkRaw = expected.GetProperty("landmarkNetRaw").EnumerateArray().ToList();
        for (int i = 0; i < faces.Count; i++)
        {
            var box = faces[i].GetProperty("box");
            var region = new FaceRegion(box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("width").GetDouble(), box.GetProperty("height").GetDouble());
            var (values, _, _, _, _) = _detector.LandmarkNet(photo, region);
            var reference = landmarkRaw[i].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(136, values.Length);
            Assert.True(values.Zip(reference).All(p => Math.Abs(p.First - p.Second) < 1e-4), $"landmark net outputs of face {i} differ by up to {values.Zip(reference).Max(p => Math.Abs(p.First - p.Second)):E2}");
        }
    }

    [Theory]
    [InlineData("sample1.jpg")]
    [InlineData("sample2.jpg")]
    [InlineData("sample3.jpg")]
    [InlineData("sample4.jpg")]
    [InlineData("sample5.jpg")]
    [InlineData("sample6.jpg")]
    public void From_our_own_jpeg_decoding_the_same_faces_are_found(string file)
    {
        var photo = ImageFile.Load(Path.Combine(FaceModels.DefaultFolder, file));
        var reference = Image(416, file).GetProperty("faces").EnumerateArray().ToList();
        var faces = _detector.Detect(photo);
        Assert.Equal(reference.Count, faces.Count);
        for (int i = 0; i < faces.Count; i++)
        {
            var box = reference[i].GetProperty("box");
            var expected = new FaceRegion(box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("width").GetDouble(), box.GetProperty("height").GetDouble());
            Assert.True(IoU(expected, faces[i].Box) >= 0.98, $"{file} face {i}: IoU {IoU(expected, faces[i].Box):F4}");
            // Our JPEG decoder gives jpeg-js's pixels exactly (JpegDecoderTests), so the same-pixels tolerances hold.
            double boxError = new[] { expected.Left - faces[i].Box.Left, expected.Top - faces[i].Box.Top, expected.Width - faces[i].Box.Width, expected.Height - faces[i].Box.Height }.Max(Math.Abs);
            Assert.True(boxError <= 0.05, $"{file} face {i}: box off by {boxError:F3} px");
            Assert.Equal(reference[i].GetProperty("score").GetDouble(), faces[i].Score, 1e-4);
            var landmarks = reference[i].GetProperty("landmarks").EnumerateArray().ToList();
            double landmarkError = Enumerable.Range(0, 68).Max(j => Math.Max(Math.Abs(landmarks[j][0].GetDouble() - faces[i].Landmarks[j].X), Math.Abs(landmarks[j][1].GetDouble() - faces[i].Landmarks[j].Y)));
            Assert.True(landmarkError <= 0.05, $"{file} face {i}: a landmark off by {landmarkError:F3} px");
            _output.WriteLine($"{file} face {i}: IoU {IoU(expected, faces[i].Box):F6}, box {boxError:E2} px, landmarks max {landmarkError:E2} px");
        }
    }

    [Fact]
    public void Tight_portraits_are_found_and_a_photo_without_a_face_is_reported()
    {
        // sample2's face cut with 15% margins, so it fills the frame, and the bundled example (a 256×256 crop).
        var photo = ImageFile.Load(Path.Combine(FaceModels.DefaultFolder, "sample2.jpg"));
        var face = _detector.Detect(photo).Single();
        int margin = (int)(0.15 * face.Box.Width), left = Math.Max(0, (int)face.Box.Left - margin), top = Math.Max(0, (int)face.Box.Top - margin);
        int width = Math.Min(photo.Width - left, (int)face.Box.Width + 2 * margin), height = Math.Min(photo.Height - top, (int)face.Box.Height + 2 * margin);
        var tight = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
            photo.Row(top + y).Slice(left * 3, width * 3).CopyTo(tight.Row(y));
        Assert.Single(FaceFinder.Find(_detector, tight));
        Assert.Single(FaceFinder.Find(_detector, ImageFile.Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "samples", "assets", "portrait.png"))));

        var blank = new RgbImage(300, 300, Enumerable.Range(0, 300 * 300 * 3).Select(i => (byte)(i % 300 / 2)).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => FaceFinder.Choose(FaceFinder.Find(_detector, blank), null, "blank.png"));
        Assert.Contains("--no-crop", error.Message);
    }

    [Fact]
    public void Each_face_of_a_group_photo_is_cropped_for_the_networks()
    {
        var photo = ImageFile.Load(Path.Combine(FaceModels.DefaultFolder, "sample5.jpg"));
        var faces = FaceFinder.Find(_detector, photo);
        string folder = Path.Combine(Path.GetTempPath(), "kdtalker-face-crops");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < faces.Count; i++)
        {
            var crop = FaceCrop.FromLandmarks(faces[i].Landmarks, photo.Width, photo.Height);
            var input = crop.Extract(photo);
            Assert.Equal((256, 256), (input.Width, input.Height));
            // The crop covers the detection: the box centre lies inside the crop region.
            double cx = faces[i].Box.Left + faces[i].Box.Width / 2, cy = faces[i].Box.Top + faces[i].Box.Height / 2;
            Assert.InRange(cx, crop.Region.Left, crop.Region.Left + crop.Region.Width);
            Assert.InRange(cy, crop.Region.Top, crop.Region.Top + crop.Region.Height);
            PngFile.Write(input, Path.Combine(folder, $"sample5_face_{i}.png")); // saved to look at
        }
        Assert.Equal(5, faces.Count);
        Assert.Equal(3, FaceFinder.Choose(faces, 3, "sample5.jpg").Landmarks.Count / 68 * 3);
        Assert.Throws<ArgumentException>(() => FaceFinder.Choose(faces, 5, "sample5.jpg"));
    }

    [Fact]
    public void The_converted_bundle_and_face_apis_own_files_give_the_same_network()
    {
        // The tests load the bundle (face-models.safetensors); face-api's manifests and shards alone must agree exactly.
        Assert.True(File.Exists(Path.Combine(FaceModels.DefaultFolder, "face-models.safetensors")), "scripts/fetch-face-models.sh converts the models into face-models.safetensors");
        string folder = Directory.CreateTempSubdirectory("kdtalker-tfjs-models-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(FaceModels.DefaultFolder, "*_model*"))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            using var fromFiles = FaceDetector.Load(folder, _backend);
            var photo = ImageFile.Load(Fixtures.Path("face/sample1_rgb.png"));
            using var expected = _detector.DetectorGrid(photo, 320);
            using var actual = fromFiles.DetectorGrid(photo, 320);
            Assert.Equal(expected.ToArray(), actual.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private JsonElement Image(int inputSize, string file) =>
        _reference.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("inputSize").GetInt32() == inputSize)
            .GetProperty("images").EnumerateArray().First(i => i.GetProperty("file").GetString() == file);

    private static double IoU(FaceRegion a, FaceRegion b)
    {
        double w = Math.Max(0, Math.Min(a.Left + a.Width, b.Left + b.Width) - Math.Max(a.Left, b.Left));
        double h = Math.Max(0, Math.Min(a.Top + a.Height, b.Top + b.Height) - Math.Max(a.Top, b.Top));
        return w * h / (a.Width * a.Height + b.Width * b.Height - w * h);
    }
}
