using System.CommandLine;
using KDTalker.Model.Media;
using KDTalker.Model.Motion;
using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>The options of `kdtalker generate`, and what they mean to the pipeline (<see cref="GenerationOptions"/>, <see cref="PortraitOptions"/>).</summary>
internal sealed class GenerateOptions
{
    private static readonly string[] FormatNames = ["avi", "mp4", "png"];

    public Option<string> Image { get; } = new("--image") { Description = "the portrait photo", HelpName = "PHOTO", Required = true };

    public Option<string> Audio { get; } = new("--audio") { Description = "the speech recording", HelpName = "SPEECH", Required = true };

    public Option<string> Out { get; } = new Option<string>("--out")
    {
        Description = "the video to write: .avi (Motion-JPEG, no dependency), .mp4 (H.264, needs ffmpeg), or a name without an extension for a folder " +
            "of PNG frames + audio.wav; required unless --motion-only",
        HelpName = "FILE",
    }.InExistingFolder();

    public Option<string> Weights { get; } = new("--weights")
    {
        Description = $"converted bundle or upstream download folder (default: ${WeightsHelp.EnvironmentVariable} or ~/.local/share/kdtalker/weights); "
            + $"`{TalkerModels.TestWeightsName}` runs the pipeline on the small test networks (a check: the frames are not a face); "
            + "`auto` uses the default location when it holds weights, else the test networks",
        HelpName = "PATH",
    };

    public Option<VideoFormat?> Format { get; } = OptionRules.Choice<VideoFormat>(
        "--format", FormatNames, text => text.ToLowerInvariant() switch
        {
            "avi" => (VideoFormat?)VideoFormat.Avi,
            "mp4" => VideoFormat.Mp4,
            "png" => VideoFormat.Png,
            _ => null
        },
        "default: the output's extension (.avi, .mp4; none: a folder of PNG frames + audio.wav); a format that contradicts the extension is an error");

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "diffusion noise seed: the same seed gives the same video",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Steps { get; } = new("--steps")
    {
        Description = "DDIM steps per 64-frame window, 1-1000",
        HelpName = "N",
        DefaultValueFactory = _ => 50,
    };

    public Option<double> HeadMotion { get; } = new("--head-motion")
    {
        Description = "head motion scale: 0 keeps the photo's pose, 1 as generated, >1 livelier",
        HelpName = "X",
        DefaultValueFactory = _ => 1,
    };

    public Option<double> Expression { get; } = new("--expression") { Description = "expression scale", HelpName = "X", DefaultValueFactory = _ => 1 };

    public Option<bool> LipsOnly { get; } = new("--lips-only") { Description = "keep the head still and animate only the lips" };

    public Option<bool> Relative { get; } = new("--relative") { Description = "relative motion composition (default: absolute, as upstream)" };

    public Option<int?> FaceIndex { get; } = new("--face-index") { Description = "which face to animate, 0 = leftmost (default: the largest)", HelpName = "N" };

    public Option<string> FaceModels { get; } = FaceModelsOption.Create();

    public Option<bool> NoCrop { get; } = new("--no-crop") { Description = "the image is already a network-ready face crop: just resize it to 256x256" };

    public Option<bool> PasteBack { get; } = new("--paste-back") { Description = "composite the animated face back into the whole photo" };

    public Option<string> Keypoints { get; } = new Option<string>("--keypoints")
    {
        Description = "per-frame pose, expression and keypoints (.json, or CSV for any other extension)",
        HelpName = "FILE",
    }.InExistingFolder();

    public Option<string> PosePlot { get; } = new Option<string>("--pose-plot")
    {
        Description = "a chart of head pose over time",
        HelpName = "FILE.png",
    }.InExistingFolder();

    public Option<bool> MotionOnly { get; } = new("--motion-only")
    {
        Description = "skip rendering: only the motion outputs (--keypoints, --pose-plot); --out not needed",
    };

    public FarmCommandOptions RenderFarm { get; } = new(
        "render on a farm of `kdtalker worker`s: this process computes the motion and writes the video, the workers render frame ranges; the same " +
        "video");

    /// <summary>Adds every option, and the rules between them, to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] options = [Image, Audio, Out, Weights, Format, Seed, Steps, HeadMotion, Expression, LipsOnly, Relative, FaceIndex, FaceModels, NoCrop,
            PasteBack, Keypoints, PosePlot, MotionOnly];
        foreach (var option in options)
            command.Options.Add(option);
        RenderFarm.AddTo(command);
        command.Validators.Add(result =>
        {
            bool motionOnly = result.GetValue(MotionOnly);
            if (!motionOnly && result.GetValue(Out) is null)
                result.AddError("--out FILE is required (or --motion-only with --keypoints or --pose-plot).");
            if (motionOnly && result.GetValue(Keypoints) is null && result.GetValue(PosePlot) is null)
                result.AddError("--motion-only writes only --keypoints and --pose-plot: give at least one.");
            if (motionOnly && result.GetValue(RenderFarm.Cluster) is not null)
                result.AddError("--motion-only renders no frame: --cluster is not needed.");
        });
    }

    /// <summary>The weights to load: a path, or <see cref="TalkerModels.TestWeightsName"/>; `auto` resolved.</summary>
    public string WeightsPath(ParseResult result)
    {
        string weights = result.GetValue(Weights) ?? WeightsHelp.DefaultLocation;
        if (weights != "auto")
            return weights;
        return File.Exists(WeightsHelp.DefaultLocation) || Directory.Exists(WeightsHelp.DefaultLocation) ? WeightsHelp.DefaultLocation
            : TalkerModels.TestWeightsName;
    }

    /// <summary>Seed, steps and motion controls; their ranges are checked by <see cref="GenerationOptions.Validate"/>.</summary>
    public GenerationOptions Generation(ParseResult result) => new()
    {
        Seed = result.GetValue(Seed),
        Steps = result.GetValue(Steps),
        Controls = new MotionControls
        {
            HeadMotionScale = result.GetValue(HeadMotion),
            ExpressionScale = result.GetValue(Expression),
            LipsOnly = result.GetValue(LipsOnly),
            Relative = result.GetValue(Relative),
        },
    };

    public PortraitOptions Portrait(ParseResult result) => new()
    {
        FaceIndex = result.GetValue(FaceIndex),
        NoCrop = result.GetValue(NoCrop),
        PasteBack = result.GetValue(PasteBack),
    };
}
