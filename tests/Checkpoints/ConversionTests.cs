using KDTalker.Model.Layers;
using KDTalker.Tensors;
using KDTalker.Tests.Support;
using KDTalker.Tests.Support.TorchSave;
using KDTalker.WeightsConverter.Catalog;
using KDTalker.WeightsConverter.Conversion;
using KDTalker.WeightsConverter.Pytorch;
using Xunit;

namespace KDTalker.Tests.Checkpoints;

public sealed class ConversionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-convert-").FullName;
    private readonly IBackend _backend = TestBackends.Create("Scalar/1");

    public void Dispose()
    {
        _backend.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(TorchCheckpointTests.FixtureCheckpoints), MemberType = typeof(TorchCheckpointTests))]
    public void Fixture_checkpoints_round_trip_through_the_bundle_bit_for_bit(string name)
    {
        string source = Fixtures.Path("golden/" + name);
        using var checkpoint = TorchCheckpoint.Open(source);
        var original = CheckpointLayout.StateDict(checkpoint).ToDictionary(t => t.Key, t => t.Tensor);
        var network = NetworkConverter.Convert(checkpoint, null, checkReleaseShapes: false);
        string bundle = Path.Combine(_directory, "bundle.safetensors");
        WeightBundle.Write(bundle, [network], float16: false);

        using var fromBundle = WeightSet.Open(bundle);
        using var fromCheckpoint = WeightSet.Open(source, checkReleaseShapes: false);
        var bundled = fromBundle.Network(network.Spec.Id);
        var direct = fromCheckpoint.Network(network.Spec.Id);
        int spectral = 0;
        foreach (var tensor in network.Tensors)
        {
            float[] expected = original.TryGetValue(tensor.Name, out var plain)
                ? plain.ReadFloat32()
                : Resolved(original, tensor.Name[..^".weight".Length], ref spectral);
            using var a = bundled.Load(tensor.Name, _backend);
            using var b = direct.Load(tensor.Name, _backend);
            Assert.Equal(expected, a.ToArray());
            Assert.Equal(expected, b.ToArray());
        }
        Assert.DoesNotContain(network.Tensors, t => t.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal));
        Assert.Equal(name.StartsWith("d_", StringComparison.Ordinal), spectral > 0);
    }

    [Fact]
    public void A_float16_bundle_holds_the_values_rounded_to_half_precision()
    {
        using var checkpoint = TorchCheckpoint.Open(Fixtures.Path("golden/b_motion_extractor.pth"));
        var network = NetworkConverter.Convert(checkpoint, "motion_extractor", checkReleaseShapes: false);
        string bundle = Path.Combine(_directory, "half.safetensors");
        WeightBundle.Write(bundle, [network], float16: true);
        using var weights = WeightSet.Open(bundle);
        foreach (var tensor in network.Tensors)
        {
            using var loaded = weights.Network("motion_extractor").Load(tensor.Name, _backend);
            Assert.Equal(tensor.Values().Select(v => (float)(Half)v), loaded.ToArray());
        }
        Assert.True(new FileInfo(bundle).Length < new FileInfo(Fixtures.Path("golden/b_motion_extractor.pth")).Length * 0.6);
    }

    [Fact]
    public void A_cancelled_conversion_leaves_neither_the_bundle_nor_a_temporary_file()
    {
        using var checkpoint = TorchCheckpoint.Open(Fixtures.Path("golden/a_appearance_feature_extractor.pth"));
        var network = NetworkConverter.Convert(checkpoint, null, checkReleaseShapes: false);
        string bundle = Path.Combine(_directory, "cancelled.safetensors");
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<BundleProgress>(p =>
        {
            if (p.TensorsWritten == 5)
                cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => WeightBundle.Write(bundle, [network], false, progress, cancellation.Token));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Spectral_norm_divides_by_the_stored_singular_value()
    {
        // weight_orig = 3·a·bᵀ with unit a, b: u = a and v = b give σ = 3, so W = a·bᵀ.
        float[] a = [0.6f, 0.8f], b = [0f, 0.28f, 0.96f];
        var orig = new float[6];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                orig[i * 3 + j] = 3 * a[i] * b[j];
        var weight = SpectralNorm.Resolve(orig, a, b);
        for (int i = 0; i < 6; i++)
            Assert.Equal(a[i / 3] * b[i % 3], weight[i], 6);
    }

    [Fact]
    public void A_real_size_synthetic_download_folder_converts_in_zip_and_legacy_formats()
    {
        string folder = Path.Combine(_directory, "download");
        var paths = new Dictionary<string, string>
        {
            ["appearance_feature_extractor"] = "pretrained_weights/liveportrait/base_models",
            ["motion_extractor"] = "pretrained_weights/liveportrait/base_models",
            ["warping_module"] = "pretrained_weights/liveportrait/base_models",
            ["spade_generator"] = "pretrained_weights/liveportrait/base_models",
            ["stitching_retargeting_module"] = "pretrained_weights/liveportrait/retargeting_models",
            ["audio_encoder"] = "ckpts",
            ["kdtalker"] = "",
        };
        foreach (var spec in ReleaseCatalog.Networks)
        {
            string target = Path.Combine(folder, paths[spec.Id], spec.UpstreamFile);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            SyntheticCheckpoints.Write(spec, target, legacy: spec.Id is "audio_encoder" or "appearance_feature_extractor");
        }

        var networks = new List<ConvertedNetwork>();
        var checkpoints = UpstreamFolder.Find(folder).Select(f => (Id: f.Key, Checkpoint: TorchCheckpoint.Open(f.Value))).ToList();
        try
        {
            Assert.Equal(7, checkpoints.Count);
            Assert.Equal(TorchCheckpointFormat.Legacy, checkpoints.Single(c => c.Id == "audio_encoder").Checkpoint.Format);
            foreach (var (id, checkpoint) in checkpoints)
                networks.Add(NetworkConverter.Convert(checkpoint, id, checkReleaseShapes: true));
            string bundle = Path.Combine(_directory, "kdtalker.safetensors");
            WeightBundle.Write(bundle, networks, float16: false);

            using (var file = KDTalker.Tensors.SafeTensors.SafeTensorsFile.Open(bundle))
            {
                Assert.Equal("1", file.Metadata["format_version"]);
                Assert.Contains("\"dims\":[96,192,384,768]", file.Metadata["motion_extractor.config"]);
                Assert.Equal(64, file.Metadata["warping_module.sha256"].Length);
            }
            using var weights = WeightSet.Open(bundle);
            using var direct = WeightSet.Open(folder);
            Assert.Equal(ReleaseCatalog.Networks.Select(n => n.Id).Order(), direct.Networks.Order());
            foreach (var spec in ReleaseCatalog.Networks)
            {
                var source = weights.Network(spec.Id);
                var expected = spec.Tensors.ToDictionary(t => t.Name);
                string? firstFreqs = spec.Tensors.FirstOrDefault(t => t.Name.EndsWith("rotary_emb.freqs", StringComparison.Ordinal))?.Name;
                foreach (var tensor in spec.Tensors.Where(t => t.DType == "float32" && !t.Name.EndsWith(".weight_u") && !t.Name.EndsWith(".weight_v")))
                {
                    string name = tensor.Name.EndsWith(".weight_orig") ? tensor.Name[..^"_orig".Length] : tensor.Name;
                    long count = tensor.Shape.Aggregate(1L, (x, y) => x * y);
                    string valuesKey = name.EndsWith("rotary_emb.freqs", StringComparison.Ordinal) ? firstFreqs! : tensor.Name;
                    float[] values = SyntheticCheckpoints.Values(valuesKey, count);
                    if (name != tensor.Name)
                    {
                        string module = name[..^".weight".Length];
                        values = SpectralNorm.Resolve(values,
                            SyntheticCheckpoints.Values(module + ".weight_u", expected[module + ".weight_u"].Shape[0]),
                            SyntheticCheckpoints.Values(module + ".weight_v", expected[module + ".weight_v"].Shape[0]));
                    }
                    Assert.Equal(tensor.Shape.Select(d => (int)d), source.Shape(name));
                    using var loaded = source.Load(name, _backend);
                    Assert.True(values.AsSpan().SequenceEqual(loaded.ToArray()), $"{spec.Id}: {name} differs after conversion.");
                    if (tensor == spec.Tensors[^1] || name.EndsWith(".weight", StringComparison.Ordinal) && tensor.Shape.Length == 4 && tensor.Shape[0] % 7 == 0)
                    {
                        using var inMemory = direct.Network(spec.Id).Load(name, _backend);
                        Assert.True(values.AsSpan().SequenceEqual(inMemory.ToArray()), $"{spec.Id}: {name} differs when loaded from the .pth directly.");
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, checkpoint) in checkpoints)
                checkpoint.Dispose();
        }
    }

    [Fact]
    public void A_file_given_for_the_wrong_network_is_named_as_what_it_is()
    {
        string path = Path.Combine(_directory, "warping_module.pth");
        SyntheticCheckpoints.Write(ReleaseCatalog.Get("spade_generator"), path, legacy: false);
        using var checkpoint = TorchCheckpoint.Open(path);
        var error = Assert.Throws<CheckpointFormatException>(() => NetworkConverter.Convert(checkpoint, "warping_module", checkReleaseShapes: true));
        Assert.Contains("looks like spade_generator.pth", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Keys_and_shapes_that_differ_from_the_release_are_listed_with_their_shapes()
    {
        var spec = ReleaseCatalog.Get("appearance_feature_extractor");
        var altered = spec.Tensors
            .Where(t => t.Name != "second.bias")
            .Select(t => t.Name == "first.conv.weight" ? t with { Shape = [64, 3, 5, 5] } : t)
            .Append(new ExpectedTensor("third.weight", [7], "float32"))
            .ToList();
        string path = Path.Combine(_directory, "appearance_feature_extractor.pth");
        SyntheticCheckpoints.Write(spec with { Tensors = altered }, path, legacy: false);
        using var checkpoint = TorchCheckpoint.Open(path);
        var message = Assert.Throws<CheckpointFormatException>(() => NetworkConverter.Convert(checkpoint, "appearance_feature_extractor", checkReleaseShapes: true)).Message;
        Assert.Contains(path, message);
        Assert.Contains("1 missing:\n    second.bias (512)", message);
        Assert.Contains("1 unexpected:\n    third.weight (7)", message);
        Assert.Contains("first.conv.weight: file (64, 3, 5, 5), expected (64, 3, 3, 3)", message);
    }

    private static float[] Resolved(Dictionary<string, TorchTensor> original, string module, ref int spectral)
    {
        spectral++;
        return SpectralNorm.Resolve(original[module + ".weight_orig"].ReadFloat32(), original[module + ".weight_u"].ReadFloat32(), original[module + ".weight_v"].ReadFloat32());
    }
}
