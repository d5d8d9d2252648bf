namespace KDTalker.Model.Pipeline;

/// <summary>Where the released weights come from and where the engine looks for them.</summary>
public static class WeightsHelp
{
    /// <summary>The environment variable naming the default weights location.</summary>
    public const string EnvironmentVariable = "KDTALKER_WEIGHTS";

    /// <summary>
    /// The default weights location: $KDTALKER_WEIGHTS, else ~/.local/share/kdtalker/weights (the local
    /// application-data folder on Windows and macOS).
    /// </summary>
    public static string DefaultLocation =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "kdtalker", "weights");

    /// <summary>A sentence telling the user how to get and install the released weights.</summary>
    public static string HowToGet =>
        "Download the released checkpoints (KDTalker.pth and wav2lip.pth from the chaolongy/KDTalker release, and the "
        + "LivePortrait base models from huggingface.co/KwaiVGI/LivePortrait), then either pass their folder with --weights "
        + $"or convert them once with `kdtalker convert FOLDER --out {Path.Combine(DefaultLocation, "kdtalker-weights.safetensors")}`. "
        + $"To check the pipeline without them, use --weights {TalkerModels.TestWeightsName}.";
}
