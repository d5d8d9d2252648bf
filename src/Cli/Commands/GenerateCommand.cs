using KDTalker.Farm;
using KDTalker.Farm.Cluster;
using KDTalker.Farm.Coordinator;
using KDTalker.Model.Audio;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Motion;
using KDTalker.Model.Pipeline;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker generate`: one portrait + one speech recording → a talking-head video.</summary>
internal sealed class GenerateCommand : ICommand
{
    public string Name => "generate";

    public string Summary => "--image PHOTO --audio SPEECH --out FILE [options]: make the talking-head video (`kdtalker generate --help` lists the options)";

    private const string Help = """
        usage: kdtalker generate --image PHOTO --audio SPEECH --out FILE [options]
          --weights PATH        converted bundle or upstream download folder (default: $KDTALKER_WEIGHTS or
                                ~/.local/share/kdtalker/weights); `--weights test` runs the pipeline on the
                                small test networks (a check: the frames are not a face); `--weights auto` uses
                                the default location when it holds weights, else the test networks
          --format avi|mp4|png  default: mp4 when ffmpeg is installed, else avi; png writes a folder of frames + audio.wav
          --seed N              diffusion noise seed (default 0): the same seed gives the same video
          --steps N             DDIM steps per 64-frame window, 1-1000 (default 50)
          --head-motion X       head motion scale: 0 keeps the photo's pose, 1 as generated (default), >1 livelier
          --expression X        expression scale (default 1)
          --lips-only           keep the head still and animate only the lips
          --relative            relative motion composition (default: absolute, as upstream)
          --face-index N        which face to animate, 0 = leftmost (default: the largest)
          --face-models DIR     face-api's models (default: $KDTALKER_FACE_MODELS or ~/.cache/kdtalker/face-api-1.7.15,
                                installed by scripts/fetch-face-models.sh)
          --no-crop             the image is already a network-ready face crop: just resize it to 256x256
          --paste-back          composite the animated face back into the whole photo
          --keypoints FILE      per-frame pose, expression and keypoints (.json, or CSV for any other extension)
          --pose-plot FILE.png  a chart of head pose over time
          --motion-only         skip rendering: only the motion outputs (--keypoints, --pose-plot); --out not needed
          --cluster ADDRESS     render on a farm of `kdtalker worker`s (redis://HOST[:PORT][/CLUSTER-ID] or localhost):
                                this process computes the motion, the workers render frame ranges, the video is the same
          --range-frames N      frames per range handed to a worker (default 8)
        """;

    public int Run(Arguments arguments)
    {
        if (arguments.Flag("help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        string image = arguments.Option("image") ?? throw new UsageException("--image PHOTO is required.\n" + Help);
        string audio = arguments.Option("audio") ?? throw new UsageException("--audio SPEECH is required.\n" + Help);
        bool motionOnly = arguments.Flag("motion-only");
        string? outOption = arguments.Option("out");
        if (outOption is null && !motionOnly)
            throw new UsageException("--out FILE is required.\n" + Help);
        string output = Path.GetFullPath(outOption ?? ".");
        string weights = arguments.Option("weights") ?? WeightsHelp.DefaultLocation;
        if (weights == "auto")
            weights = File.Exists(WeightsHelp.DefaultLocation) || Directory.Exists(WeightsHelp.DefaultLocation) ? WeightsHelp.DefaultLocation : TalkerModels.TestWeightsName;
        var format = Format(arguments.Option("format"));
        var options = new GenerationOptions
        {
            Seed = arguments.LongOption("seed", 0),
            Steps = arguments.IntOption("steps", 50),
            Controls = new MotionControls
            {
                HeadMotionScale = arguments.DoubleOption("head-motion", 1),
                ExpressionScale = arguments.DoubleOption("expression", 1),
                LipsOnly = arguments.Flag("lips-only"),
                Relative = arguments.Flag("relative"),
            },
        };
        var portraitOptions = new PortraitOptions
        {
            FaceIndex = arguments.Option("face-index") is null ? null : arguments.IntOption("face-index", 0),
            NoCrop = arguments.Flag("no-crop"),
            PasteBack = arguments.Flag("paste-back"),
        };
        string faceModels = arguments.Option("face-models") ?? FaceModels.DefaultFolder;
        string? keypoints = arguments.Option("keypoints");
        string? posePlot = arguments.Option("pose-plot");
        var cluster = arguments.Option("cluster") is { } clusterText ? WorkerCommand.Cluster(clusterText) : null;
        var farm = new FarmOptions { Cluster = cluster ?? ClusterAddress.Localhost, RangeFrames = arguments.IntOption("range-frames", 8) };
        using var backend = BackendOptions.Create(arguments);
        arguments.RejectUnknown();
        if (motionOnly && keypoints is null && posePlot is null)
            throw new UsageException("--motion-only writes only --keypoints and --pose-plot: give at least one.");
        if (motionOnly && cluster is not null)
            throw new UsageException("--motion-only renders no frame: --cluster is not needed.");
        if (farm.RangeFrames < 1)
            throw new UsageException("--range-frames must be at least 1.");
        if (!motionOnly)
            CheckOutputFolder(output);
        if (keypoints is not null)
            CheckOutputFolder(Path.GetFullPath(keypoints));
        if (posePlot is not null)
            CheckOutputFolder(Path.GetFullPath(posePlot));
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
        if (weights != TalkerModels.TestWeightsName && !File.Exists(weights) && !Directory.Exists(weights))
            throw new UsageException($"no weights at {weights}. {WeightsHelp.HowToGet}");

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop cleanly: every output is still a temporary file and is deleted
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Generate(image, audio, motionOnly ? null : output, weights, format, options, portraitOptions, faceModels, keypoints, posePlot, cluster is null ? null : farm, backend, cancellation.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("\ncancelled: nothing was written.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> Generate(string imagePath, string audioPath, string? output, string weights, VideoFormat format, GenerationOptions options,
        PortraitOptions portraitOptions, string faceModels, string? keypointsPath, string? posePlotPath, FarmOptions? farmOptions, KDTalker.Tensors.IBackend backend,
        CancellationToken cancellationToken)
    {
        Console.WriteLine($"backend: {backend.Description}");
        var photo = ImageFile.Load(imagePath);
        PreparedPortrait portrait;
        using (var detector = portraitOptions.NoCrop ? null : FaceDetector.Load(faceModels, backend))
            portrait = PortraitPreparation.Prepare(photo, detector, portraitOptions, imagePath, cancellationToken);
        using var speech = new AudioLoader().Open(audioPath, cancellationToken);
        SpeechCheck.Validate(speech, audioPath);
        Console.WriteLine($"audio: {audioPath}, {speech.Duration:F2} s → {(int)(speech.Length / 640)} frames at 25 fps");

        Console.WriteLine(weights == TalkerModels.TestWeightsName ? "loading the test networks…" : $"loading weights from {weights}…");
        using var talker = Talker.Load(weights, backend, cancellationToken);
        if (!talker.Models.IsRelease)
            Console.WriteLine("note: these are the small test networks with random weights: this run checks the pipeline end to end, its frames are not a face.\n      " + WeightsHelp.HowToGet);

        using var keypoints = keypointsPath is null ? null : new KeypointsWriter(keypointsPath);
        var yaw = new List<float>();
        var pitch = new List<float>();
        var roll = new List<float>();
        options = options with
        {
            MotionObserver = motion =>
            {
                keypoints?.Write(motion);
                yaw.Add(motion.Generated.Yaw);
                pitch.Add(motion.Generated.Pitch);
                roll.Add(motion.Generated.Roll);
            },
        };
        var bar = new ProgressBar("generating");
        var progress = new SynchronousProgress<GenerationProgress>(p =>
        {
            if (p.Stage is GenerationStage.Rendering or GenerationStage.Motion)
                bar.Report(p.FramesDone, p.Frames, p.Stage == GenerationStage.Motion ? "motion frames" : "frames");
        });
        GenerationResult result;
        if (output is null)
            result = await talker.GenerateMotionAsync(portrait, speech, options, progress, cancellationToken);
        else if (farmOptions is not null)
        {
            // The farm connects while this process computes the motion; the workers render, this process muxes.
            var status = new SynchronousProgress<string>(line => Console.Error.WriteLine((Console.IsErrorRedirected ? "" : "\r\u001b[K") + "farm: " + line));
            await using var farm = new FarmRenderer(farmOptions, EngineFingerprint.Compute(weights, talker.Models.Description), status);
            await using var sink = FrameSinks.Create(format, output);
            result = await talker.GenerateAsync(portrait, speech, sink, options, farm, progress, cancellationToken);
            Console.WriteLine($"farm: {farm.LastReport}");
        }
        else
        {
            await using var sink = FrameSinks.Create(format, output);
            result = await talker.GenerateAsync(portrait, speech, sink, options, progress, cancellationToken);
        }
        bar.Finish();
        keypoints?.Complete();
        if (posePlotPath is not null)
            PngFile.Write(PosePlot.Draw(yaw, pitch, roll), posePlotPath);
        string what = output ?? string.Join(" and ", new[] { keypointsPath, posePlotPath }.OfType<string>());
        Console.WriteLine($"wrote {what}: {result.Frames} frames, {result.VideoDuration.TotalSeconds:F2} s of video in {result.Elapsed.TotalSeconds:F1} s, "
            + $"peak memory {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        return 0;
    }

    private static VideoFormat Format(string? text) => text?.ToLowerInvariant() switch
    {
        null => DefaultFormat(),
        "avi" => VideoFormat.Avi,
        "mp4" => VideoFormat.Mp4,
        "png" => VideoFormat.Png,
        _ => throw new UsageException($"--format must be avi, mp4 or png, not '{text}'."),
    };

    // MP4 when a system ffmpeg can encode it, else our own AVI writer, saying so.
    private static VideoFormat DefaultFormat()
    {
        var format = FrameSinks.DefaultFormat();
        if (format == VideoFormat.Avi)
            Console.WriteLine("note: ffmpeg is not installed, so the video is written as AVI (Motion-JPEG + PCM, no native dependency); install ffmpeg for MP4.");
        return format;
    }

    private static void CheckOutputFolder(string path)
    {
        string? folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
            throw new UsageException($"the output folder {folder} does not exist.");
    }

    /// <summary>Reports on the calling thread.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
