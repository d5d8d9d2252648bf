using System.CommandLine;
using KDTalker.Farm;
using KDTalker.Farm.Coordinator;
using KDTalker.Model.Audio;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker generate`: one portrait + one speech recording → a talking-head video.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var options = new GenerateOptions();
        var backendOptions = new BackendOptions();
        var command = new Command("generate", "make the talking-head video from one portrait photo and one speech recording");
        options.AddTo(command);
        backendOptions.AddTo(command);
        command.SetAction(result => Run(result, options, backendOptions));
        return command;
    }

    private static int Run(ParseResult result, GenerateOptions options, BackendOptions backendOptions)
    {
        var generation = options.Generation(result);
        try
        {
            generation.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
        string weights = options.WeightsPath(result);
        if (weights != TalkerModels.TestWeightsName && !File.Exists(weights) && !Directory.Exists(weights))
            throw new UsageException($"no weights at {weights}. {WeightsHelp.HowToGet}");
        string image = result.GetValue(options.Image)!, audio = result.GetValue(options.Audio)!;
        string? output = result.GetValue(options.MotionOnly) ? null : Path.GetFullPath(result.GetValue(options.Out)!);
        string? keypoints = result.GetValue(options.Keypoints), posePlot = result.GetValue(options.PosePlot);
        var format = GenerateOutputs.Check(output, result.GetValue(options.Format), keypoints, posePlot, [image, audio]);
        using var backend = backendOptions.Create(result);
        // Ctrl+C, SIGTERM and SIGHUP stop cleanly: every output is still a temporary file and is deleted.
        using var signals = new StopSignals();
        try
        {
            return Generate(image, audio, output, weights, format ?? VideoFormat.Avi /* unused: no video */, generation, options.Portrait(result),
                result.GetValue(options.FaceModels)!, keypoints, posePlot, options.RenderFarm.Farm(result), backend, signals.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("\ncancelled: nothing was written.");
            return signals.Received == 0 ? ExitCodes.Cancelled : signals.ExitCode;
        }
    }

    private static async Task<int> Generate(string imagePath, string audioPath, string? output, string weights, VideoFormat format, GenerationOptions options,
        PortraitOptions portraitOptions, string faceModels, string? keypointsPath, string? posePlotPath, FarmOptions? farmOptions, IBackend backend,
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
            Console.WriteLine("note: these are the small test networks with random weights: this run checks the pipeline end to end, its frames are " +
                "not a face.\n      " + WeightsHelp.HowToGet);

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

    /// <summary>Reports on the calling thread.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
