using System.Text.Json;

namespace KDTalker.Tensors.SafeTensors;

/// <summary>
/// The JSON header of a safetensors file, parsed and checked against the size of the data section:
/// every dtype known, every shape non-negative, every byte range inside the data and of the size
/// its shape and dtype imply, no name twice.
/// </summary>
public sealed class SafeTensorsHeader
{
    /// <summary>Largest header accepted (the format's own reader uses the same bound).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly Dictionary<string, SafeTensorsEntry> _entries;

    private SafeTensorsHeader(List<SafeTensorsEntry> ordered, Dictionary<string, string> metadata)
    {
        Entries = ordered;
        _entries = ordered.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Metadata = metadata;
    }

    /// <summary>Tensor entries in data order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The free-form string map under "__metadata__".</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Looks an entry up by name.</summary>
    public bool TryGet(string name, out SafeTensorsEntry entry) => _entries.TryGetValue(name, out entry!);

    /// <summary>Parses header JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long dataLength, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Error(source, $"its header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(source, "its header is not a JSON object");
            var entries = new List<SafeTensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw Error(source, $"the header names '{property.Name}' twice");
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, source));
            }
            entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (int i = 1; i < entries.Count; i++)
                if (entries[i].Begin < entries[i - 1].End)
                    throw Error(source, $"tensors '{entries[i - 1].Name}' and '{entries[i].Name}' overlap in the data section");
            return new SafeTensorsHeader(entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, "__metadata__ is not an object");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"metadata '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, long dataLength, string source)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
            throw Error(source, $"tensor '{name}' lacks a dtype, shape or data_offsets");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeName, out var dtype))
            throw Error(source, $"tensor '{name}' has the unsupported dtype '{dtypeName}'");

        var shape = new long[shapeElement.GetArrayLength()];
        long count = 1;
        int axis = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0 || size > int.MaxValue)
                throw Error(source, $"tensor '{name}' has an invalid dimension {dim}");
            shape[axis++] = size;
            count = size != 0 && count > dataLength / size ? dataLength + 1 : count * size; // saturates: past the data size the exact count no longer matters
        }

        if (offsetsElement.GetArrayLength() != 2)
            throw Error(source, $"tensor '{name}' data_offsets must hold [begin, end]");
        var offsets = offsetsElement.EnumerateArray().Select(o => o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out long v) ? v : -1).ToArray();
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength)
            throw Error(source, $"tensor '{name}' claims bytes [{begin}, {end}) but the data section holds {dataLength} bytes (truncated or corrupt file)");
        if (count > dataLength || end - begin != count * dtype.Size())
            throw Error(source, $"tensor '{name}' has {end - begin} bytes; shape ({string.Join(", ", shape)}) of {dtype} needs {count * dtype.Size()}");
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static SafeTensorsFormatException Error(string source, string problem, Exception? inner = null) =>
        new($"{source} is not a valid safetensors file: {problem}.", inner);
}
