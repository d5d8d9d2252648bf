using System.Buffers.Binary;
using System.Text.Json;

namespace KDTalker.WeightsConverter.TensorFlowJs;

/// <summary>One tensor of a TensorFlow.js model: name, shape (TF layout, e.g. HWIO filters) and float32 values.</summary>
public sealed record TfjsTensor(string Name, int[] Shape, float[] Values);

/// <summary>
/// Reads a TensorFlow.js weights manifest (<c>*-weights_manifest.json</c>: groups of shard paths and tensor specs)
/// and its binary shards. Tensors are stored back to back in manifest order across the concatenated shards;
/// float32 is stored as is, and quantised tensors (uint8 / uint16) dequantise as <c>q·scale + min</c>.
/// The files are untrusted: shapes, sizes and the shards' total length are checked before anything is read.
/// </summary>
public static class TfjsWeights
{
    private const long MaxElements = 1L << 28;

    /// <summary>Every tensor of the manifest at <paramref name="manifestPath"/> (shards next to it), by name.</summary>
    /// <exception cref="InvalidDataException">The manifest or a shard is malformed, truncated or too long.</exception>
    public static IReadOnlyDictionary<string, TfjsTensor> Load(string manifestPath)
    {
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"TensorFlow.js manifest not found: {manifestPath}", manifestPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(manifestPath));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{manifestPath} is not a TensorFlow.js weights manifest (invalid JSON: {error.Message}).", error);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{manifestPath}: a weights manifest is a JSON array of groups.");
            var tensors = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
            foreach (var group in document.RootElement.EnumerateArray())
                ReadGroup(group, folder, manifestPath, tensors);
            return tensors;
        }
    }

    private static void ReadGroup(JsonElement group, string folder, string manifestPath, Dictionary<string, TfjsTensor> tensors)
    {
        var data = new List<byte>();
        foreach (var shard in Property(group, "paths", manifestPath).EnumerateArray())
        {
            string name = shard.GetString() ?? "";
            if (name.Length == 0 || Path.IsPathRooted(name) || name.Contains("..", StringComparison.Ordinal))
                throw new InvalidDataException($"{manifestPath}: shard path '{name}' must be a plain file name next to the manifest.");
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
                throw new InvalidDataException($"{manifestPath}: shard {name} is missing.");
            data.AddRange(File.ReadAllBytes(path));
        }
        var bytes = data.ToArray();
        long offset = 0;
        foreach (var spec in Property(group, "weights", manifestPath).EnumerateArray())
        {
            string name = Property(spec, "name", manifestPath).GetString() ?? "";
            var shape = Property(spec, "shape", manifestPath).EnumerateArray().Select(d => d.GetInt32()).ToArray();
            if (shape.Any(d => d < 0))
                throw new InvalidDataException($"{manifestPath}: tensor {name} has a negative dimension.");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (count > MaxElements)
                throw new InvalidDataException($"{manifestPath}: tensor {name} declares {count} elements, more than a face model can hold.");
            var values = new float[count];
            if (spec.TryGetProperty("quantization", out var quantization))
            {
                string dtype = Property(quantization, "dtype", manifestPath).GetString() ?? "";
                int width = dtype switch
                {
                    "uint8" => 1,
                    "uint16" => 2,
                    _ => throw new InvalidDataException($"{manifestPath}: tensor {name} uses {dtype} quantisation; uint8 and uint16 are supported."),
                };
                float scale = Property(quantization, "scale", manifestPath).GetSingle(), min = Property(quantization, "min", manifestPath).GetSingle();
                var raw = Take(bytes, ref offset, count * width, name, manifestPath);
                for (long i = 0; i < count; i++)
                    values[i] = (width == 1 ? raw[(int)i] : BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan((int)(2 * i)))) * scale + min;
            }
            else
            {
                string dtype = Property(spec, "dtype", manifestPath).GetString() ?? "";
                if (dtype != "float32")
                    throw new InvalidDataException($"{manifestPath}: tensor {name} is {dtype}; unquantised tensors must be float32.");
                var raw = Take(bytes, ref offset, count * 4, name, manifestPath);
                for (long i = 0; i < count; i++)
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan((int)(4 * i)));
            }
            if (!tensors.TryAdd(name, new TfjsTensor(name, shape, values)))
                throw new InvalidDataException($"{manifestPath}: tensor {name} appears twice.");
        }
        if (offset != bytes.Length)
            throw new InvalidDataException($"{manifestPath}: the shards hold {bytes.Length} bytes but the tensors use {offset}; the files do not " +
                "belong together.");
    }

    private static byte[] Take(byte[] bytes, ref long offset, long length, string name, string manifestPath)
    {
        if (offset + length > bytes.Length)
            throw new InvalidDataException($"{manifestPath}: tensor {name} needs bytes {offset}..{offset + length} but the shards hold {bytes.Length}; " +
                "a shard is truncated.");
        var slice = bytes.AsSpan((int)offset, (int)length).ToArray();
        offset += length;
        return slice;
    }

    private static JsonElement Property(JsonElement element, string name, string manifestPath) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"{manifestPath}: a manifest entry lacks '{name}'.");
}
