using System.Text;
using KDTalker.WeightsConverter.TensorFlowJs;
using Xunit;

namespace KDTalker.Tests.Checkpoints;

/// <summary>The TensorFlow.js weights reader on hand-made manifests: dequantisation and every malformed case.</summary>
public sealed class TfjsWeightsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-tfjs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Uint8_uint16_and_float32_tensors_are_read_back_to_back_across_shards()
    {
        var floats = new[] { 1.5f, -2.25f };
        var shard1 = new byte[] { 0, 10, 255 }.Concat(BitConverter.GetBytes((ushort)1000)).ToArray();
        var shard2 = floats.SelectMany(BitConverter.GetBytes).ToArray();
        string manifest = Write("""
            [{"paths": ["a.bin", "b.bin"], "weights": [
              {"name": "q8", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5}},
              {"name": "q16", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint16", "min": 0.0, "scale": 0.001}},
              {"name": "f", "shape": [1, 2], "dtype": "float32"}]}]
            """, ("a.bin", shard1), ("b.bin", shard2));
        var tensors = TfjsWeights.Load(manifest);
        Assert.Equal([-1f, 4f, 126.5f], tensors["q8"].Values);   // q·scale + min
        Assert.Equal(1f, tensors["q16"].Values[0], 1e-6);
        Assert.Equal(floats, tensors["f"].Values);
        Assert.Equal([1, 2], tensors["f"].Shape);
    }

    [Theory]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [8], "dtype": "float32"}]}]""", "truncated")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [1], "dtype": "float32"}]}]""", "do not belong together")]
    [InlineData("""[{"paths": ["../a.bin"], "weights": []}]""", "plain file name")]
    [InlineData("""[{"paths": ["missing.bin"], "weights": []}]""", "missing")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [-1], "dtype": "float32"}]}]""", "negative")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [4], "dtype": "int32"}]}]""", "must be float32")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16", "min": 0, "scale": 1}}]}]""", "quantisation")]
    [InlineData("""[{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [65536, 65536], "dtype": "float32"}]}]""", "more than a face model")]
    [InlineData("""{"not": "a list"}""", "JSON array")]
    [InlineData("""[{"paths": ["a.bin"]}]""", "lacks 'weights'")]
    [InlineData("not json", "invalid JSON")]
    public void Malformed_manifests_are_rejected_with_a_specific_message(string json, string expected)
    {
        string manifest = Write(json, ("a.bin", new byte[8]));
        var error = Assert.Throws<InvalidDataException>(() => TfjsWeights.Load(manifest));
        Assert.Contains(expected, error.Message);
    }

    private string Write(string json, params (string Name, byte[] Bytes)[] shards)
    {
        foreach (var (name, bytes) in shards)
            File.WriteAllBytes(Path.Combine(_directory, name), bytes);
        string manifest = Path.Combine(_directory, "model-weights_manifest.json");
        File.WriteAllText(manifest, json, Encoding.UTF8);
        return manifest;
    }
}
