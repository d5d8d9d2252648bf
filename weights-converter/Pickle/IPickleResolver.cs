namespace KDTalker.WeightsConverter.Pickle;

/// <summary>
/// What a pickle may build beyond plain data: the caller decides which globals are rebuilt (an
/// allow-list) and what persistent ids refer to. Nothing else is ever called.
/// </summary>
public interface IPickleResolver
{
    /// <summary>
    /// The result of calling <paramref name="callable"/> with <paramref name="arguments"/> (REDUCE,
    /// NEWOBJ). Globals that are not allowed return a <see cref="PickleObject"/> placeholder.
    /// </summary>
    object? Call(PickleGlobal callable, object?[] arguments);

    /// <summary>The object a persistent id stands for (torch: a storage).</summary>
    object? PersistentLoad(object? id);
}
