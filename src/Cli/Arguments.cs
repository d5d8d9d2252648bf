namespace KDTalker.Cli;

/// <summary>Parsed `--name value` options and positional words of a command line.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> words)
    {
        var list = words.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                bool hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                _options[list[i][2..]] = hasValue ? list[++i] : null;
            }
            else
            {
                Positional.Add(list[i]);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Flag(string name) => _read.Add(name) && _options.ContainsKey(name);

    public string? Option(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value ?? throw new UsageException($"--{name} needs a value.") : null;
    }

    public int IntOption(string name, int fallback)
    {
        string? text = Option(name);
        if (text is null)
            return fallback;
        return int.TryParse(text, out int value) ? value : throw new UsageException($"--{name} expects a whole number, got '{text}'.");
    }

    public double DoubleOption(string name, double fallback)
    {
        string? text = Option(name);
        if (text is null)
            return fallback;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new UsageException($"--{name} expects a number, got '{text}'.");
    }

    public long LongOption(string name, long fallback)
    {
        string? text = Option(name);
        if (text is null)
            return fallback;
        return long.TryParse(text, out long value) ? value : throw new UsageException($"--{name} expects a whole number, got '{text}'.");
    }

    /// <summary>Fails on options the command did not ask for (typos).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"Unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(k => "--" + k))}.");
    }
}

/// <summary>A command line that cannot be run; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
