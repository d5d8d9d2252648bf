using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using KDTalker.Farm;
using KDTalker.Farm.Coordinator;
using KDTalker.Kernels;
using KDTalker.Model.Pipeline;
using KDTalker.Tensors;
using KDTalker.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace KDTalker.Cli.Commands;

/// <summary>`kdtalker serve`: the web page and HTTP API (src/Web), on this machine only unless --listen says otherwise.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "the port (0 picks a free one)",
            HelpName = "PORT",
            DefaultValueFactory = _ => 7860,
        }.InRange(0, 65535);
        var listen = new Option<string>("--listen")
        {
            Description = "the address to listen on (default 127.0.0.1: this machine only); any other needs --token",
            HelpName = "ADDRESS",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var token = new Option<string>("--token")
        {
            Description = "the token every API call must carry (Authorization: Bearer TOKEN; the page asks for it once); at least 16 characters",
            HelpName = "TOKEN",
        };
        var data = new Option<string>("--data")
        {
            Description = "where the job database and the jobs' files live",
            HelpName = "DIR",
            DefaultValueFactory = _ => ServerOptions.DefaultDataFolder,
        };
        var weights = new Option<string>("--weights")
        {
            Description = $"converted bundle or upstream download folder (default auto: ${WeightsHelp.EnvironmentVariable} or ~/.local/share/kdtalker/weights "
                + $"when it holds weights, else the test networks); `{TalkerModels.TestWeightsName}`: the small test networks",
            HelpName = "PATH",
            DefaultValueFactory = _ => "auto",
        };
        var maxAge = new Option<int>("--keep-days")
        {
            Description = "finished jobs older than this are deleted",
            HelpName = "DAYS",
            DefaultValueFactory = _ => 7,
        }.InRange(1);
        var maxDisk = new Option<int>("--max-disk-mb")
        {
            Description = "the jobs' files may take at most this much; the oldest finished jobs go first",
            HelpName = "MB",
            DefaultValueFactory = _ => 5120,
        }.InRange(1);
        var maxUpload = new Option<int>("--max-upload-mb")
        {
            Description = "the largest upload (photo + speech)",
            HelpName = "MB",
            DefaultValueFactory = _ => 50,
        }.InRange(1);
        var maxSeconds = new Option<int>("--max-audio-seconds")
        {
            Description = "the longest speech a job may have",
            HelpName = "S",
            DefaultValueFactory = _ => 300,
        }.InRange(1);
        var faceModels = FaceModelsOption.Create();
        var farm = new FarmCommandOptions("render on a farm of `kdtalker worker`s: this service computes each job's motion and writes its video, the " +
            "workers render frame ranges; the same videos");
        var backendOptions = new BackendOptions();
        var command = new Command("serve", "the web page and HTTP API: make talking portraits from a browser or any program") { port, listen, token,
            data, weights, faceModels, maxAge, maxDisk, maxUpload, maxSeconds };
        farm.AddTo(command);
        backendOptions.AddTo(command);
        command.SetAction(result =>
        {
            string address = result.GetValue(listen)!;
            if (!IPAddress.TryParse(address, out var ip))
                throw new UsageException($"--listen must be an IP address (127.0.0.1, ::1, 0.0.0.0 for every interface), not '{address}'.");
            var options = new ServerOptions
            {
                Port = result.GetValue(port),
                Listen = ip,
                Token = result.GetValue(token),
                DataFolder = Path.GetFullPath(result.GetValue(data)!),
                Weights = Weights(result.GetValue(weights)!),
                FaceModels = result.GetValue(faceModels)!,
                MaxJobAge = TimeSpan.FromDays(result.GetValue(maxAge)),
                MaxDiskBytes = result.GetValue(maxDisk) * (1L << 20),
                MaxUploadBytes = result.GetValue(maxUpload) * (1L << 20),
                MaxAudioSeconds = result.GetValue(maxSeconds),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException error)
            {
                throw new UsageException(error.Message);
            }
            using var backend = backendOptions.Create(result);
            return Serve(options, farm.Farm(result), backend);
        });
        return command;
    }

    private static string Weights(string weights)
    {
        if (weights == "auto")
            return File.Exists(WeightsHelp.DefaultLocation) || Directory.Exists(WeightsHelp.DefaultLocation) ? WeightsHelp.DefaultLocation
                : TalkerModels.TestWeightsName;
        if (weights != TalkerModels.TestWeightsName && !File.Exists(weights) && !Directory.Exists(weights))
            throw new UsageException($"no weights at {weights}. {WeightsHelp.HowToGet}");
        return weights;
    }

    private static int Serve(ServerOptions options, FarmOptions? farm, IBackend backend)
    {
        // Faces are found on a CPU backend of their own, so the page never waits for a render on the GPU.
        using var faceBackend = backend.Name == "cpu" ? null : Backends.Create(ComputeDevice.Cpu);
        CheckPortIsFree(options);
        WebApplication app;
        try
        {
            app = WebServer.Build(options, backend, faceBackend ?? backend, renderers: farm is null ? null : talker => FarmRenderer(farm, options, talker));
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
        try
        {
            try
            {
                app.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException error)
            {
                throw new UsageException($"cannot listen on {options.Listen}:{options.Port} ({error.Message}); pick another --port.");
            }
            foreach (string address in WebServer.Addresses(app))
                Console.WriteLine($"serving on {address} (open it in a browser; the API is described at {address}/openapi/v1.json)");
            Console.WriteLine($"backend: {backend.Description}; weights: {options.Weights}; jobs in {options.DataFolder}. Ctrl+C stops (a job " +
                "rendering then resumes when the service starts again).");
            if (farm is not null)
                Console.WriteLine($"frames are rendered by the workers of {farm.Cluster} (`kdtalker worker --cluster {farm.Cluster}` on each machine)");
            if (options.Weights == TalkerModels.TestWeightsName)
                Console.WriteLine("note: these are the small test networks with random weights: the videos check the pipeline, their frames are not a " +
                    "face.\n      " + WeightsHelp.HowToGet);
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Console.WriteLine("stopped.");
        return 0;
    }

    // The farm's reports (workers joining, leaving, refused; waits) go to the log on stderr, as `generate --cluster` prints them.
    private static FarmRenderer FarmRenderer(FarmOptions farm, ServerOptions options, Talker talker) =>
        new(farm, EngineFingerprint.Compute(options.Weights, talker.Models.Description), new FarmStatus());

    private sealed class FarmStatus : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine("farm: " + value);
    }

    // Before the job store is opened: a port in use is a one-line error, not a failed start (the race that remains is caught at start).
    private static void CheckPortIsFree(ServerOptions options)
    {
        var probe = new TcpListener(options.Listen, options.Port);
        try
        {
            probe.Start();
        }
        catch (SocketException error)
        {
            throw new UsageException($"cannot listen on {options.Listen}:{options.Port} ({error.Message}); pick another --port.");
        }
        finally
        {
            probe.Stop();
        }
    }
}
