using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker faces PHOTO`: the faces the generator can animate, as a table or JSON, optionally with their 256×256 crops.</summary>
internal static class FacesCommand
{
    public static Command Create()
    {
        var photo = new Argument<string>("PHOTO") { Description = "a JPEG or PNG photo" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var crops = new Option<string>("--crops") { Description = "save each face's 256x256 crop in this folder", HelpName = "DIR" };
        crops.Validators.Add(result =>
        {
            string? folder = result.GetValueOrDefault<string>();
            if (folder is not null && !Directory.Exists(folder))
                result.AddError($"the crops folder {folder} does not exist.");
        });
        var faceModels = FaceModelsOption.Create();
        var backendOptions = new BackendOptions();
        var command = new Command("faces", "list the faces found (box, score, 68 landmarks) and save their crops") { photo, json, crops, faceModels };
        backendOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var backend = backendOptions.Create(result);
            return Run(result.GetValue(photo)!, result.GetValue(json), result.GetValue(crops), result.GetValue(faceModels)!, backend);
        });
        return command;
    }

    private static int Run(string path, bool json, string? crops, string models, IBackend backend)
    {
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i,5} {f.Box.Left,8:F1} {f.Box.Top,8:F1} {f.Box.Width,8:F1} {f.Box.Height,8:F1} {f.Score,7:F4}  {points}"));
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
