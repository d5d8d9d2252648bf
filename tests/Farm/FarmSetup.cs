using System.Security.Cryptography;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Tests.Audio;
using Xunit;

namespace KDTalker.Tests.Farm;

/// <summary>The farm tests share one Redis and one reference render, and run one after the other (each starts several processes).</summary>
[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmSetup>
{
    public const string Name = "farm";
}

/// <summary>Redis, the inputs, and the one-process render's file hashes (the same PNG sink the CLI uses).</summary>
public sealed class FarmSetup : IDisposable
{
    public const int Frames = 10;

    public FarmSetup()
    {
        Folder = Directory.CreateTempSubdirectory("kdtalker-farm-").FullName;
        Image = Path.Combine(Folder, "face.png");
        PngFile.Write(new RgbImage(220, 200, Enumerable.Range(0, 220 * 200 * 3).Select(i => (byte)(i * 13 % 251)).ToArray()), Image);
        var samples = Enumerable.Range(0, Frames * 640).Select(i => (short)(9000 * Math.Sin(i * 0.03) * Math.Cos(i * 0.0021))).ToArray();
        Speech = Path.Combine(Folder, "speech.wav");
        File.WriteAllBytes(Speech, WavWriter.Simple(1, 1, 16000, 16, samples.SelectMany(BitConverter.GetBytes).ToArray()));
        Redis = new RedisServer();

        using var backend = new KDTalker.Kernels.Cpu.CpuBackend();
        using var talker = Talker.Load(TalkerModels.TestWeightsName, backend);
        var portrait = PortraitPreparation.Prepare(ImageFile.Load(Image), null, new PortraitOptions { NoCrop = true }, Image);
        using var speech = new AudioLoader().Open(Speech);
        string reference = Path.Combine(Folder, "reference");
        var sink = new PngSequenceSink(reference);
        talker.GenerateAsync(portrait, speech, sink, new GenerationOptions { Steps = 2, Seed = 5 }).GetAwaiter().GetResult();
        sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Reference = Hashes(reference);
    }

    public string Folder { get; }
    public string Image { get; }
    public string Speech { get; }
    public RedisServer Redis { get; }
    public List<string> Reference { get; }

    /// <summary>`kdtalker generate --cluster` writing PNG frames + WAV to the folder <paramref name="output"/>, ranges of 2 frames.</summary>
    public KdtalkerProcess Coordinate(string cluster, string output) =>
        new("generate", "--image", Image, "--audio", Speech, "--no-crop", "--weights", "test", "--steps", "2", "--seed", "5",
            "--format", "png", "--out", Path.Combine(Folder, output), "--cluster", cluster, "--range-frames", "2", "--threads", "1");

    /// <summary>"NAME SHA-256" of every file in <paramref name="folder"/>, in name order.</summary>
    public static List<string> Hashes(string folder) => Directory.GetFiles(folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}").ToList();

    public void Dispose()
    {
        Redis.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
