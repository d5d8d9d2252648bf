using System.Globalization;
using System.Text.Json;
using KDTalker.Model.Face;
using KDTalker.Model.Media;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker faces PHOTO`: the faces the generator can animate, as a table or JSON, optionally with their 256×256 crops.</summary>
internal sealed class FacesCommand : ICommand
{
    public string Name => "faces";

    public string Summary => "PHOTO [--json] [--crops DIR] [--face-models DIR]: list the faces found (box, score, 68 landmarks) and save their crops";

    public int Run(Arguments arguments)
    {
        bool json = arguments.Flag("json");
        string? crops = arguments.Option("crops");
        string models = arguments.Option("face-models") ?? FaceModels.DefaultFolder;
        using var backend = BackendOptions.Create(arguments);
        arguments.RejectUnknown();
        if (arguments.Positional.Count != 1)
            throw new UsageException("give one photo.");
        if (crops is not null && !Directory.Exists(crops))
            throw new UsageException($"the crops folder {crops} does not exist.");
        string path = arguments.Positional[0];
        var photo = ImageFile.Load(path);
        using var detector = FaceDetector.Load(models, backend);
        var faces = FaceFinder.Find(detector, photo);
        if (json)
            Console.WriteLine(Json(faces));
        else
            Table(path, photo, faces);
        if (crops is not null)
            for (int i = 0; i < faces.Count; i++)
            {
                var crop = FaceCrop.FromLandmarks(faces[i].Landmarks, photo.Width, photo.Height);
                string file = Path.Combine(crops, $"face_{i}.png");
                PngFile.Write(crop.Extract(photo), file);
                if (!json)
                    Console.WriteLine($"saved {file}");
            }
        return 0;
    }

    private static void Table(string path, RgbImage photo, IReadOnlyList<DetectedFace> faces)
    {
        Console.WriteLine($"{path}: {photo.Width}x{photo.Height}, {faces.Count} face{(faces.Count == 1 ? "" : "s")} (left to right; --face-index picks one)");
        Console.WriteLine($"{"index",5} {"x",8} {"y",8} {"width",8} {"height",8} {"score",7}  landmarks (x y, iBUG 68 order)");
        for (int i = 0; i < faces.Count; i++)
        {
            var f = faces[i];
            string points = string.Join(" ", f.Landmarks.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{p.Y:F1}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i,5} {f.Box.Left,8:F1} {f.Box.Top,8:F1} {f.Box.Width,8:F1} {f.Box.Height,8:F1} {f.Score,7:F4}  {points}"));
        }
    }

    private static string Json(IReadOnlyList<DetectedFace> faces) => JsonSerializer.Serialize(new
    {
        faces = faces.Select(f => new
        {
            box = new { x = f.Box.Left, y = f.Box.Top, width = f.Box.Width, height = f.Box.Height },
            score = f.Score,
            landmarks = f.Landmarks.Select(p => new[] { p.X, p.Y }),
        }),
    });
}
