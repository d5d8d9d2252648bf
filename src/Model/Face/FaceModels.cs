namespace KDTalker.Model.Face;

/// <summary>Where the face models live: installed by scripts/fetch-face-models.sh (npm pack, SHA-256 checked).</summary>
public static class FaceModels
{
    /// <summary>The environment variable naming the face-model folder.</summary>
    public const string EnvironmentVariable = "KDTALKER_FACE_MODELS";

    /// <summary>$KDTALKER_FACE_MODELS, else ~/.cache/kdtalker/face-api-1.7.15.</summary>
    public static string DefaultFolder =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kdtalker", "face-api-1.7.15");
}
