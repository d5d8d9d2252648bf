using System.Diagnostics;
using KDTalker.WeightsConverter.Catalog;
using KDTalker.WeightsConverter.Conversion;
using KDTalker.WeightsConverter.Pytorch;
using KDTalker.WeightsConverter.TensorFlowJs;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker convert`: upstream .pth checkpoints → one KDTalker weight bundle.</summary>
internal sealed class ConvertCommand : ICommand
{
    public string Name => "convert";

    public string Summary => "(FOLDER | FILE.pth...) --out BUNDLE.safetensors [--float16] [--any-size]: convert upstream checkpoints, or face-api's model folder";

    public int Run(Arguments arguments)
    {
        string output = arguments.Option("out") ?? throw new UsageException("--out BUNDLE.safetensors is required.");
        bool float16 = arguments.Flag("float16");
        bool anySize = arguments.Flag("any-size");
        arguments.RejectUnknown();
        if (arguments.Positional.Count == 0)
            throw new UsageException("give the upstream download folder or one or more .pth files.");
        string? outputFolder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outputFolder is null || !Directory.Exists(outputFolder))
            throw new UsageException($"the output folder {outputFolder} does not exist.");
        if (arguments.Positional.Count == 1 && Directory.Exists(arguments.Positional[0]) && FaceModelBundle.IsModelFolder(arguments.Positional[0]))
        {
            // face-api's TensorFlow.js models: the face detector's own bundle.
            FaceModelBundle.Write(arguments.Positional[0], output);
            Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1e6:F1} MB): face-api's TinyFaceDetector and FaceLandmark68Net");
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop cleanly: the writer deletes its temporary file
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var clock = Stopwatch.StartNew();
        var inputs = Inputs(arguments.Positional);
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
            WeightBundle.Write(output, networks, float16, new SynchronousProgress<BundleProgress>(p => bar.Report(p.TensorsWritten, p.TensorCount, p.Network)), cancellation.Token);
            bar.Finish();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"\ncancelled: {output} was not written.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            foreach (var checkpoint in checkpoints)
                checkpoint.Dispose();
        }
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1e6:F1} MB) in {clock.Elapsed.TotalSeconds:F1} s, peak memory {process.PeakWorkingSet64 / 1e6:F0} MB");
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
                    throw new UsageException($"{item} holds none of the upstream files ({string.Join(", ", ReleaseCatalog.Networks.Select(n => n.UpstreamFile))}).");
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
