using KDTalker.Model.Media;
using KDTalker.Tensors;
using KDTalker.WeightsConverter.TensorFlowJs;

namespace KDTalker.Model.Face;

/// <summary>
/// Faces and their 68 landmarks, as face-api 1.7.15 finds them (`detectAllFaces(TinyFaceDetectorOptions).withFaceLandmarks()`,
/// tests/fixtures/README.md): the image zero-padded to a square (bottom/right), resized to the input size, normalised;
/// the 13×13 (at 416) grid decoded with face-api's anchors, scores above the threshold, greedy NMS at IoU 0.4; each
/// box cut (clipped, floored), padded to a square on both sides, resized to 112, through the landmark net, and the
/// landmarks placed back with face-api's exact-half padding offset and the unclipped box origin.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private static readonly (double W, double H)[] Anchors =
        [(1.603231, 2.094468), (6.041143, 7.080126), (2.882459, 3.518061), (4.266906, 5.178857), (9.041765, 10.66308)];
    private static readonly float[] DetectorMean = [117.001f, 114.697f, 97.404f], LandmarkMean = [122.782f, 117.001f, 104.298f];
    private readonly TinyFaceDetector _detector;
    private readonly FaceLandmark68Net _landmarks;
    private readonly IBackend _backend;

    private FaceDetector(TinyFaceDetector detector, FaceLandmark68Net landmarks, IBackend backend)
    {
        _detector = detector;
        _landmarks = landmarks;
        _backend = backend;
    }

    /// <summary>
    /// Loads the two networks from a face-model bundle (a .safetensors file, or a folder holding face-models.safetensors)
    /// or from face-api's model folder (the TensorFlow.js manifests and shards).
    /// </summary>
    public static FaceDetector Load(string models, IBackend backend)
    {
        string bundle = File.Exists(models) ? models : Path.Combine(models, FaceModelBundle.FileName);
        IReadOnlyDictionary<string, TfjsTensor> Weights(string network, string manifest) => File.Exists(bundle)
            ? FaceModelBundle.Read(bundle, network)
            : TfjsWeights.Load(Path.Combine(models, manifest));
        if (!File.Exists(bundle) && !FaceModelBundle.IsModelFolder(models))
            throw new FileNotFoundException($"The face models are missing from {models}. Fetch them with scripts/fetch-face-models.sh (it runs npm " +
                "pack @vladmandic/face-api@1.7.15, checks their SHA-256 and converts them), or pass --no-crop with an image already framed on the " +
                "face.", models);
        var (detectorName, detectorManifest) = FaceModelBundle.Networks[0];
        var (landmarkName, landmarkManifest) = FaceModelBundle.Networks[1];
        var detectorNet = new TinyFaceDetector(new TfjsLayers(Weights(detectorName, detectorManifest), backend, models));
        try
        {
            return new FaceDetector(detectorNet, new FaceLandmark68Net(new TfjsLayers(Weights(landmarkName, landmarkManifest), backend, models)), backend);
        }
        catch
        {
            detectorNet.Dispose();
            throw;
        }
    }

    /// <summary>The raw detector grid (1, 25, N, N) of an image at <paramref name="inputSize"/>.</summary>
    public Tensor DetectorGrid(RgbImage image, int inputSize)
    {
        int side = Math.Max(image.Width, image.Height);
        using var input = TfImage.Prepare(image, 0, 0, image.Width, image.Height, 0, 0, side, inputSize, DetectorMean, _backend);
        return _detector.Forward(input);
    }

    /// <summary>Every face at <paramref name="inputSize"/> (a multiple of 32) with score &gt; <paramref name="scoreThreshold"/>, left to right.</summary>
    public IReadOnlyList<DetectedFace> Detect(RgbImage image, int inputSize = 416, double scoreThreshold = 0.5, CancellationToken cancellationToken = default)
    {
        using var grid = DetectorGrid(image, inputSize);
        var boxes = Decode(grid, image.Width, image.Height, inputSize, scoreThreshold);
        var faces = new List<DetectedFace>();
        foreach (var (box, score) in boxes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            faces.Add(new DetectedFace(box, score, Landmarks(image, box)));
        }
        return faces.OrderBy(f => f.Box.Left).ToList();
    }

    /// <summary>The 136 raw outputs of the landmark net for the face in <paramref name="box"/>, with the crop they came from.</summary>
    public (float[] Raw, int Left, int Top, int Width, int Height) LandmarkNet(RgbImage image, FaceRegion box)
    {
        // Clip, then floor all four values (face-api's crop of the detection).
        double x = Math.Max(box.Left, 0), y = Math.Max(box.Top, 0);
        double width = Math.Min(box.Left + box.Width - x, image.Width - x), height = Math.Min(box.Top + box.Height - y, image.Height - y);
        int left = (int)Math.Floor(x), top = (int)Math.Floor(y), w = (int)Math.Floor(width), h = (int)Math.Floor(height);
        if (w <= 0 || h <= 0)
            throw new ArgumentException($"The face box {box} does not overlap the {image.Width}×{image.Height} image.");
        int side = Math.Max(w, h), difference = Math.Abs(w - h);
        int before = difference - (int)Math.Round(difference / 2.0, MidpointRounding.AwayFromZero);
        using var input = TfImage.Prepare(image, left, top, w, h, w < h ? before : 0, h < w ? before : 0, side, 112, LandmarkMean, _backend);
        return (_landmarks.Forward(input), left, top, w, h);
    }

    private List<Point2> Landmarks(RgbImage image, FaceRegion box)
    {
        var (raw, _, _, w, h) = LandmarkNet(image, box);
        double scale = 112.0 / Math.Max(w, h), scaledWidth = w * scale, scaledHeight = h * scale;
        double padX = scaledWidth < scaledHeight ? (scaledHeight - scaledWidth) / 2 : 0,
            padY = scaledHeight < scaledWidth ? (scaledWidth - scaledHeight) / 2 : 0;
        var points = new List<Point2>(68);
        for (int i = 0; i < 68; i++)
        {
            // In crop pixels, then shifted by the unclipped, unfloored box origin (a face-api quirk).
            double rx = (raw[2 * i] * 112 - padX) / scaledWidth, ry = (raw[2 * i + 1] * 112 - padY) / scaledHeight;
            points.Add(new Point2(rx * w + box.Left, ry * h + box.Top));
        }
        return points;
    }

    // Anchor boxes → image pixels; greedy NMS at IoU > 0.4.
    private static List<(FaceRegion Box, double Score)> Decode(Tensor grid, int width, int height, int inputSize, double threshold)
    {
        var values = grid.ToArray();
        int n = grid.Shape[2];
        double s = (double)inputSize / Math.Max(width, height);
        // face-api's reshaped input size uses JavaScript's Math.round (halves round up: 1350·416/1920 = 292.5 → 293).
        double cx = inputSize / Math.Round(width * s, MidpointRounding.AwayFromZero), cy = inputSize / Math.Round(height * s, MidpointRounding.AwayFromZero);
        var candidates = new List<(FaceRegion, double)>();
        for (int row = 0; row < n; row++)
            for (int col = 0; col < n; col++)
                for (int a = 0; a < Anchors.Length; a++)
                {
                    double Value(int k) => values[((a * 5 + k) * n + row) * n + col];
                    double score = Sigmoid(Value(4));
                    if (!(score > threshold))
                        continue;
                    double centreX = (col + Sigmoid(Value(0))) / n * cx, centreY = (row + Sigmoid(Value(1))) / n * cy;
                    double boxWidth = Math.Exp(Value(2)) * Anchors[a].W / n * cx, boxHeight = Math.Exp(Value(3)) * Anchors[a].H / n * cy;
                    candidates.Add((new FaceRegion((centreX - boxWidth / 2) * width, (centreY - boxHeight / 2) * height, boxWidth * width,
                        boxHeight * height), score));
                }
        var kept = new List<(FaceRegion, double)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Item2))
            if (kept.All(k => IoU(k.Item1, candidate.Item1) <= 0.4))
                kept.Add(candidate);
        return kept;
    }

    private static double IoU(FaceRegion a, FaceRegion b)
    {
        double w = Math.Max(0, Math.Min(a.Left + a.Width, b.Left + b.Width) - Math.Max(a.Left, b.Left));
        double h = Math.Max(0, Math.Min(a.Top + a.Height, b.Top + b.Height) - Math.Max(a.Top, b.Top));
        double intersection = w * h;
        return intersection / (a.Width * a.Height + b.Width * b.Height - intersection);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <inheritdoc />
    public void Dispose()
    {
        _detector.Dispose();
        _landmarks.Dispose();
    }
}
