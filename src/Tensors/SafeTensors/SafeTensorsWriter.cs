using System.Buffers.Binary;
using System.Text.Json;

namespace KDTalker.Tensors.SafeTensors;

/// <summary>
/// Builds a safetensors file: tensors are written in the order they were added, the header is
/// padded with spaces to a multiple of 8 bytes, and <see cref="Save"/> writes to a temporary file
/// that is renamed over the target only when complete. Tensor data may be given lazily: it is then
/// produced one tensor at a time while writing, so a large bundle never sits in memory at once.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<(string Name, SafeTensorsDType DType, long[] Shape, long Length, Func<byte[]> Produce)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Adds a float32 tensor.</summary>
    public void Add(string name, ReadOnlySpan<float> values, ReadOnlySpan<int> shape)
    {
        var data = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        Add(name, SafeTensorsDType.F32, shape.ToArray().Select(d => (long)d).ToArray(), data);
    }

    /// <summary>Adds a tensor's current values.</summary>
    public void Add(string name, Tensor tensor) => Add(name, tensor.ToArray(), tensor.Shape);

    /// <summary>Adds raw little-endian element bytes of any dtype.</summary>
    public void Add(string name, SafeTensorsDType dtype, long[] shape, byte[] data) => Add(name, dtype, shape, () => data);

    /// <summary>Adds a tensor whose little-endian bytes are produced when the file is written.</summary>
    public void Add(string name, SafeTensorsDType dtype, long[] shape, Func<byte[]> produce)
    {
        if (name == "__metadata__" || !_names.Add(name))
            throw new ArgumentException($"Tensor name '{name}' is reserved or already used.");
        long count = shape.Aggregate(1L, (a, b) => b < 0 ? throw new ArgumentException($"Tensor '{name}' has a negative dimension.") : a * b);
        _tensors.Add((name, dtype, (long[])shape.Clone(), count * dtype.Size(), produce));
    }

    /// <summary>Number of tensors added.</summary>
    public int Count => _tensors.Count;

    /// <summary>Sets a metadata string.</summary>
    public void SetMetadata(string key, string value) => _metadata[key] = value;

    /// <summary>Writes the whole file to a stream; <paramref name="written"/> gets the count of tensors done.</summary>
    public void WriteTo(Stream stream, IProgress<int>? written = null, CancellationToken cancellationToken = default)
    {
        var header = BuildHeader();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        for (int i = 0; i < _tensors.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tensor = _tensors[i];
            var data = tensor.Produce();
            if (data.Length != tensor.Length)
                throw new InvalidOperationException($"Tensor '{tensor.Name}' produced {data.Length} bytes; its shape needs {tensor.Length}.");
            stream.Write(data);
            written?.Report(i + 1);
        }
    }

    /// <summary>
    /// Writes to <paramref name="path"/> atomically: a temporary file <c>PATH.partial-PID</c> (named after this process, so
    /// that one left by a killed process can be told apart and removed) renamed at the end.
    /// </summary>
    public void Save(string path, IProgress<int>? written = null, CancellationToken cancellationToken = default)
    {
        string temporary = $"{path}.partial-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                WriteTo(stream, written, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in _metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in _tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToString());
                json.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Length;
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }
}
