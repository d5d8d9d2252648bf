using KDTalker.WeightsConverter.Pickle;

namespace KDTalker.WeightsConverter.Pytorch;

/// <summary>
/// The allow-list of what a torch checkpoint may build: OrderedDict, tensor and parameter rebuilds,
/// storages (through persistent ids) and latin-1 bytes. Every other global becomes an opaque
/// <see cref="PickleObject"/>, so an optimizer state or an OmegaConf config in an unread entry costs
/// nothing and runs nothing.
/// </summary>
internal sealed class TorchPickleResolver(TorchCheckpointData data, bool legacy) : IPickleResolver
{
    private readonly Dictionary<string, TorchStorage> _storages = new(StringComparer.Ordinal);

    /// <summary>Storages referenced so far, by key (legacy views under their view key).</summary>
    public IReadOnlyDictionary<string, TorchStorage> Storages => _storages;

    public object? Call(PickleGlobal callable, object?[] arguments)
    {
        switch (callable.Module, callable.Name)
        {
            case ("collections", "OrderedDict"):
                return OrderedDict(arguments);
            case ("torch._utils", "_rebuild_tensor_v2"):
            case ("torch._utils", "_rebuild_tensor"):
                return RebuildTensor(arguments);
            case ("torch._utils", "_rebuild_parameter"):
            case ("torch._utils", "_rebuild_parameter_with_state"):
                return arguments.Length > 0 ? arguments[0] : throw new CheckpointFormatException($"{data.Source}: {callable} without arguments.");
            case ("torch._tensor", "_rebuild_from_type_v2"):
                // (function, type, args, state): rebuild with the inner function unless it nests again.
                return arguments is [PickleGlobal function, _, PickleTuple inner, ..] && function.Name != callable.Name
                    ? Call(function, inner.Items)
                    : new PickleObject(callable, arguments);
            case ("_codecs", "encode"):
                return arguments is [string text, ..] ? System.Text.Encoding.Latin1.GetBytes(text) : new PickleObject(callable, arguments);
            default:
                return new PickleObject(callable, arguments);
        }
    }

    public object? PersistentLoad(object? id)
    {
        if (id is not PickleTuple { Count: >= 5 } tuple || tuple[0] is not "storage")
            throw new CheckpointFormatException($"{data.Source}: unexpected persistent id {PickleException.Describe(id)}; only storages are allowed.");
        if (tuple[1] is not PickleGlobal type || !TorchDTypes.TryFromStorageClass(type.Module, type.Name, out var dtype))
            throw new CheckpointFormatException($"{data.Source}: storage type {PickleException.Describe(tuple[1])} is not a torch storage class.");
        if (tuple[2] is not string key || tuple[4] is not long count || count < 0)
            throw new CheckpointFormatException($"{data.Source}: a storage id lacks its key or element count.");

        if (legacy && tuple.Count >= 6 && tuple[5] is PickleTuple { Count: 3 } view)
        {
            // Legacy storage view: (view_key, offset, numel) into the root storage `key`.
            if (view[0] is not string viewKey || view[1] is not long offset || view[2] is not long viewCount || offset < 0 || viewCount < 0
                || offset > count - viewCount)
                throw new CheckpointFormatException($"{data.Source}: storage view of '{key}' is out of range.");
            Root(key, dtype, count);
            return Cached(viewKey, () => new TorchStorage(data, key, dtype, viewCount, offset), dtype);
        }
        return Root(key, dtype, count);
    }

    private TorchStorage Root(string key, TorchDType dtype, long count)
    {
        var storage = Cached(key, () => new TorchStorage(data, key, dtype, count), dtype);
        if (storage.ElementCount != count)
            throw new CheckpointFormatException($"{data.Source}: storage '{key}' is declared with {storage.ElementCount} and {count} elements.");
        if (!legacy && (!data.TryGetRecord(key, out long length) || count > length / dtype.Size()))
            throw new CheckpointFormatException($"{data.Source}: storage '{key}' declares {count} {dtype} elements but its record is missing or shorter.");
        return storage;
    }

    private TorchStorage Cached(string key, Func<TorchStorage> create, TorchDType dtype)
    {
        if (!_storages.TryGetValue(key, out var storage))
            _storages[key] = storage = create();
        if (storage.DType != dtype)
            throw new CheckpointFormatException($"{data.Source}: storage '{key}' is used both as {storage.DType} and {dtype}.");
        return storage;
    }

    private TorchTensor RebuildTensor(object?[] arguments)
    {
        if (arguments.Length < 4 || arguments[0] is not TorchStorage storage || arguments[1] is not long offset
            || arguments[2] is not PickleTuple size || arguments[3] is not PickleTuple stride)
            throw new CheckpointFormatException($"{data.Source}: a tensor rebuild has malformed arguments.");
        return new TorchTensor(storage, offset, Longs(size), Longs(stride), data.Source);
    }

    private long[] Longs(PickleTuple tuple) =>
        tuple.Items.Select(v => v as long? ?? throw new CheckpointFormatException($"{data.Source}: a tensor size or stride is not an integer.")).ToArray();

    private PickleDict OrderedDict(object?[] arguments)
    {
        var dict = new PickleDict();
        if (arguments is [List<object?> pairs, ..])
            foreach (var pair in pairs)
            {
                var items = pair switch { PickleTuple t => t.Items, List<object?> l => l.ToArray(), _ => [] };
                if (items.Length != 2)
                    throw new CheckpointFormatException($"{data.Source}: OrderedDict built from a malformed pair list.");
                dict.Set(items[0], items[1]);
            }
        return dict;
    }
}
