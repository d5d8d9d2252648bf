namespace KDTalker.WeightsConverter.Pickle;

// The values a pickle can build without running code. Python ints become long (or BigInteger when
// wider), floats double, str string, bytes byte[], None null, list List<object?>, tuple PickleTuple.

/// <summary>A reference to a Python global (module.name) — a class or function, never imported.</summary>
public sealed record PickleGlobal(string Module, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
public sealed class PickleTuple(object?[] items)
{
    /// <summary>The elements.</summary>
    public object?[] Items { get; } = items;

    /// <summary>Number of elements.</summary>
    public int Count => Items.Length;

    /// <summary>Element <paramref name="index"/>.</summary>
    public object? this[int index] => Items[index];
}

/// <summary>
/// A dict or OrderedDict: items in insertion order, plus the state a BUILD opcode attached. For an
/// OrderedDict state_dict that state holds "_metadata", an attribute, not an item.
/// </summary>
public sealed class PickleDict
{
    // Allocated on first use: a crafted pickle of empty dicts then costs little memory per input byte.
    private Dictionary<object, int>? _index;
    private List<KeyValuePair<object, object?>>? _items;

    /// <summary>Items in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items ?? [];

    /// <summary>State set by BUILD (object attributes), or null.</summary>
    public object? State { get; set; }

    /// <summary>Number of items.</summary>
    public int Count => _items?.Count ?? 0;

    /// <summary>Sets an item; a key set again keeps its first position, as in Python.</summary>
    public void Set(object? key, object? value)
    {
        if (key is null || key is List<object?> || key is PickleDict)
            throw new PickleException($"A dict key of type {PickleException.Describe(key)} is not hashable.");
        _index ??= new Dictionary<object, int>();
        _items ??= [];
        if (_index.TryGetValue(key, out int position))
            _items[position] = new(key, value);
        else
        {
            _index[key] = _items.Count;
            _items.Add(new(key, value));
        }
    }

    /// <summary>Looks an item up by key.</summary>
    public bool TryGet(object key, out object? value)
    {
        if (_index is not null && _index.TryGetValue(key, out int position))
        {
            value = _items![position].Value;
            return true;
        }
        value = null;
        return false;
    }
}

/// <summary>
/// An object of a class the reader does not rebuild (an OmegaConf config, an optimizer...): it keeps
/// the class and the arguments but is never executed. Using it where data is needed is an error.
/// </summary>
public sealed class PickleObject(PickleGlobal type, object?[] arguments)
{
    /// <summary>The class or function that would have been called.</summary>
    public PickleGlobal Type { get; } = type;

    /// <summary>The arguments it would have been called with.</summary>
    public object?[] Arguments { get; } = arguments;

    /// <summary>State set by BUILD, or null.</summary>
    public object? State { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"<{Type} object, not rebuilt>";
}

/// <summary>A malformed or disallowed pickle.</summary>
public sealed class PickleException(string message) : IOException(message)
{
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        PickleObject o => o.ToString(),
        _ => value.GetType().Name,
    };
}
