using System.Text.RegularExpressions;

namespace KDTalker.WeightsConverter.Catalog;

/// <summary>One tensor a released checkpoint holds: key (after the layout is unwrapped), shape and dtype.</summary>
public sealed record ExpectedTensor(string Name, long[] Shape, string DType);

/// <summary>A network the engine loads, the upstream file it comes from, and that file's exact tensors.</summary>
public sealed record NetworkSpec(string Id, string UpstreamFile, IReadOnlyList<ExpectedTensor> Tensors)
{
    /// <summary>Key patterns with every digit run replaced by '#': "down_blocks.#.conv.weight". Sizes of a
    /// configuration change the numbers, not the patterns, so they identify a network at any size.</summary>
    public IReadOnlySet<string> KeyPatterns { get; } = Tensors.Select(t => KeyPattern(t.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The pattern of one key.</summary>
    public static string KeyPattern(string key) => Regex.Replace(key, "[0-9]+", "#");
}
