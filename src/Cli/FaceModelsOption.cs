using System.CommandLine;
using KDTalker.Model.Face;

namespace KDTalker.Cli;

/// <summary>`--face-models DIR`: where face-api's detector and landmark models are (shared by `faces` and `generate`).</summary>
internal static class FaceModelsOption
{
    public static Option<string> Create() => new("--face-models")
    {
        Description = $"face-api's models, installed by scripts/fetch-face-models.sh (${FaceModels.EnvironmentVariable} sets the default)",
        HelpName = "DIR",
        DefaultValueFactory = _ => FaceModels.DefaultFolder,
    };
}
