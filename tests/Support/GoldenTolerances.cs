using System.Globalization;
using KDTalker.Model.SelfTest;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// The tolerance table of tests/fixtures/README.md ("## Tolerances": | case | tensor | max abs tolerance | …),
/// read by the golden tests so that their bounds are the documented ones, not the product's.
/// </summary>
public static class GoldenTolerances
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> Table = new(Read);

    /// <summary>Tensor → max-abs tolerance for one case, every tensor the case must compare.</summary>
    public static IReadOnlyDictionary<string, double> For(string caseName) =>
        Table.Value.TryGetValue(caseName, out var rows) ? rows : throw new KeyNotFoundException($"tests/fixtures/README.md has no tolerance rows for {caseName}");

    /// <summary>
    /// Asserts that the case ran, compared exactly the tensors the table lists for it (by name) and met each
    /// tensor's bound.
    /// </summary>
    public static void AssertMatchesUpstream(GoldenResult result)
    {
        Assert.Null(result.Error);
        Assert.False(result.Skipped, result.SkipReason);
        var expected = For(result.Case);
        var compared = result.Comparisons.Select(c => c.Tensor).ToList();
        var missing = expected.Keys.Except(compared).ToList();
        var unexpected = compared.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0 && compared.Count == compared.Distinct().Count(),
            $"{result.Case}: not compared [{string.Join(", ", missing)}]; not in the table [{string.Join(", ", unexpected)}]; compared [{string.Join(", ", compared)}]");
        var failures = result.Comparisons.Where(c => !(c.MaxAbs <= expected[c.Tensor]))
            .Select(c => $"{c.Tensor}: max-abs {c.MaxAbs:E2} > {expected[c.Tensor]:E2}").ToList();
        Assert.True(failures.Count == 0, $"{result.Case}: {string.Join("; ", failures)}");
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Read()
    {
        string path = Fixtures.Path("README.md");
        var table = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        bool inSection = false;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                inSection = line.Trim() == "## Tolerances";
            if (!inSection || !line.StartsWith('|'))
                continue;
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 3 || cells[0] == "case" || cells[0].StartsWith("---", StringComparison.Ordinal))
                continue;
            if (!double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double tolerance) || tolerance < 0)
                throw new InvalidDataException($"{path}: tolerance '{cells[2]}' of {cells[0]}/{cells[1]} is not a non-negative number");
            var rows = table.TryGetValue(cells[0], out var existing) ? existing : table[cells[0]] = new Dictionary<string, double>(StringComparer.Ordinal);
            if (!rows.TryAdd(cells[1], tolerance))
                throw new InvalidDataException($"{path}: {cells[0]}/{cells[1]} is listed twice");
        }
        if (table.Count == 0)
            throw new InvalidDataException($"{path}: no '## Tolerances' table found");
        return table.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value, StringComparer.Ordinal);
    }
}
