using System.CommandLine;
using System.Diagnostics;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.WeightsConverter.Catalog;
using KDTalker.WeightsConverter.Conversion;
using KDTalker.WeightsConverter.Pytorch;
using KDTalker.WeightsConverter.TensorFlowJs;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker convert`: upstream .pth checkpoints → one KDTalker weight bundle.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("FOLDER | FILE.pth")
        {
            Description = "the upstream download folder, one or more .pth checkpoints, or face-api's model folder",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "the bundle to write", HelpName = "BUNDLE.safetensors", Required = true }.InExistingFolder();
        var float16 = new Option<bool>("--float16") { Description = "store the weights as float16 (half the size)" };
        var anySize = new Option<bool>("--any-size") { Description = "accept networks whose shapes differ from the released ones" };
        var command = new Command("convert", "convert upstream checkpoints, or face-api's model folder, into one KDTalker weight bundle")
        {
            inputs, output, float16, anySize,
        };
        command.SetAction(result => Run(result.GetValue(inputs)!, result.GetValue(output)!, result.GetValue(float16), result.GetValue(anySize)));
        return command;
    }

    private static int Run(string[] positional, string output, bool float16, bool anySize)
    {
        if (positional.Length == 1 && Directory.Exists(positional[0]) && FaceModelBundle.IsModelFolder(positional[0]))
        {
            // face-api's TensorFlow.js models: the face detector's own bundle.
            FaceModelBundle.Write(positional[0], output);
            Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1e6:F1} MB): face-api's TinyFaceDetector and FaceLandmark68Net");
            return 0;
        }

        using var signals = new StopSignals();
        var clock = Stopwatch.StartNew();
        var inputs = Inputs(positional);
        var checkpoints = new List<TorchCheckpoint>();
        try
        {
            var networks = new List<ConvertedNetwork>();
            foreach (var (expected, path) in inputs)
            {
                var checkpoint = TorchCheckpoint.Open(path);
                checkpoints.Add(checkpoint);
                var network = NetworkConverter.Convert(checkpoint, expected, checkReleaseShapes: !anySize);
                if (networks.Any(n => n.Spec.Id == network.Spec.Id))
                    throw new UsageException($"two inputs are both {network.Spec.UpstreamFile}.");
                networks.Add(network);
                Console.WriteLine($"read {path}: {network.Spec.Id}, {network.Tensors.Count} tensors ({checkpoint.Format} format)");
            }
            var bar = new ProgressBar("writing");
            StaleTemporaries.CleanBeside(output); // a bundle half-written by a killed convert
            WeightBundle.Write(output, networks, float16, new SynchronousProgress<BundleProgress>(p =>
                bar.Report(p.TensorsWritten, p.TensorCount, p.Network)), signals.Token);
            bar.Finish();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"\ncancelled: {output} was not written.");
            return signals.Received == 0 ? ExitCodes.Cancelled : signals.ExitCode;
        }
        finally
        {
            foreach (var checkpoint in checkpoints)
                checkpoint.Dispose();
        }
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1e6:F1} MB) in {clock.Elapsed.TotalSeconds:F1} s, peak " +
            $"memory {process.PeakWorkingSet64 / 1e6:F0} MB");
        return 0;
    }

    /// <summary>(expected network or null, path) for every input: folders are searched, files taken as given.</summary>
    private static List<(string? Expected, string Path)> Inputs(IEnumerable<string> positional)
    {
        var inputs = new List<(string?, string)>();
        foreach (string item in positional)
        {
            if (Directory.Exists(item))
            {
                var found = UpstreamFolder.Find(item);
                if (found.Count == 0)
                    throw new UsageException($"{item} holds none of the upstream files " +
                        $"({string.Join(", ", ReleaseCatalog.Networks.Select(n => n.UpstreamFile))}).");
                inputs.AddRange(found.Select(f => ((string?)f.Key, f.Value)));
            }
            else if (File.Exists(item))
            {
                inputs.Add((ReleaseCatalog.ForUpstreamFile(Path.GetFileName(item))?.Id, item));
            }
            else
            {
                throw new UsageException($"{item} is neither a file nor a folder.");
            }
        }
        return inputs;
    }
}
