using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace KDTalker.Tensors.SafeTensors;

/// <summary>
/// A safetensors file opened for reading. The file is memory-mapped and tensors are decoded only
/// when asked for, so opening a large bundle costs nothing until its weights are used. Every byte
/// range was checked against the file when it was opened.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private bool _disposed;

    private SafeTensorsFile(string path, SafeTensorsHeader header, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* data)
    {
        Path = path;
        Header = header;
        _map = map;
        _view = view;
        _data = data;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The parsed header.</summary>
    public SafeTensorsHeader Header { get; }

    /// <summary>Tensor names in data order.</summary>
    public IEnumerable<string> Names => Header.Entries.Select(e => e.Name);

    /// <summary>Metadata strings from the header.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Header.Metadata;

    /// <summary>Opens and validates a file.</summary>
    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Weight file not found: {path}", path);
        long fileLength = new FileInfo(path).Length;
        if (fileLength < 8)
            throw new SafeTensorsFormatException($"{path} is not a valid safetensors file: it has {fileLength} bytes, fewer than the 8-byte header length.");
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            start += view.PointerOffset;
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > SafeTensorsHeader.MaxHeaderBytes || (long)headerLength > fileLength - 8)
                throw new SafeTensorsFormatException($"{path} is not a valid safetensors file: it declares a {headerLength}-byte header in " +
                    $"a {fileLength}-byte file.");
            var header = SafeTensorsHeader.Parse(new ReadOnlySpan<byte>(start + 8, (int)headerLength), fileLength - 8 - (long)headerLength, path);
            return new SafeTensorsFile(path, header, map, view, start + 8 + headerLength);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }
            map.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of this name.</summary>
    public bool Contains(string name) => Header.TryGet(name, out _);

    /// <summary>The header entry of a tensor; throws naming the file when it is absent.</summary>
    public SafeTensorsEntry Entry(string name) =>
        Header.TryGet(name, out var entry) ? entry : throw new KeyNotFoundException($"{Path} has no tensor named '{name}'.");

    /// <summary>The raw little-endian bytes of a tensor, valid while this file is open.</summary>
    public ReadOnlySpan<byte> Bytes(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = Entry(name);
        if (entry.ByteLength > int.MaxValue)
            throw new NotSupportedException($"Tensor '{name}' in {Path} is larger than 2 GiB.");
        return new ReadOnlySpan<byte>(_data + entry.Begin, (int)entry.ByteLength);
    }

    /// <summary>A tensor's values converted to float32 (from any float or integer dtype).</summary>
    public float[] ReadFloat32(string name)
    {
        var values = new float[checked((int)Entry(name).ElementCount)];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>Converts a tensor's values to float32 into <paramref name="destination"/>.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var entry = Entry(name);
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"Tensor '{name}' has {entry.ElementCount} elements; the destination holds {destination.Length}.");
        ElementConversion.ToFloat32(Bytes(name), entry.DType, destination);
    }

    /// <summary>A tensor's values as 64-bit integers (integer and bool dtypes only).</summary>
    public long[] ReadInt64(string name)
    {
        var entry = Entry(name);
        if (entry.DType.IsFloatingPoint())
            throw new InvalidDataException($"Tensor '{name}' in {Path} holds {entry.DType}, not integers.");
        var values = new long[checked((int)entry.ElementCount)];
        ElementConversion.ToInt64(Bytes(name), entry.DType, values);
        return values;
    }

    /// <summary>Loads a tensor onto a backend as float32.</summary>
    public Tensor ReadTensor(string name, IBackend backend)
    {
        var entry = Entry(name);
        if (entry.DType == SafeTensorsDType.F32 && BitConverter.IsLittleEndian)
            return backend.Upload(MemoryMarshal.Cast<byte, float>(Bytes(name)), entry.ShapeInt32);
        return backend.Upload(ReadFloat32(name), entry.ShapeInt32);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
