namespace KDTalker.Tests.Support.TorchSave;

// What the test writer can pickle, mirroring what torch.save emits. Plain C# values map as:
// string → str, long/int → int, bool → bool, null → None, object?[] → tuple, List<object?> → list.

/// <summary>collections.OrderedDict(items); with <see cref="Metadata"/> it gets torch's BUILD {'_metadata': ...}.</summary>
public sealed record OrderedDictValue(IReadOnlyList<KeyValuePair<string, object?>> Items, bool Metadata = true);

/// <summary>A plain dict {k: v}.</summary>
public sealed record PlainDictValue(IReadOnlyList<KeyValuePair<string, object?>> Items);

/// <summary>torch._utils._rebuild_tensor_v2 over storage <see cref="StorageKey"/> of class torch.<see cref="StorageClass"/>.</summary>
public sealed record TensorValue(string StorageKey, long StorageElements, long Offset, long[] Shape, long[] Stride, string StorageClass = "FloatStorage");

/// <summary>An object of a class the reader must not rebuild: GLOBAL module.name, REDUCE(args), BUILD(state).</summary>
public sealed record OpaqueValue(string Module, string Name, object?[] Arguments, object? State);
