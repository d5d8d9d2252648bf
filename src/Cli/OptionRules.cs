using System.CommandLine;

namespace KDTalker.Cli;

/// <summary>Typed options whose values are a fixed list of words: parsed case-insensitively, offered as completions, and rejected with the list.</summary>
internal static class OptionRules
{
    /// <summary>An option taking one of <paramref name="names"/>, mapped by <paramref name="parse"/> (null: not a name).</summary>
    public static Option<T?> Choice<T>(string name, IReadOnlyList<string> names, Func<string, T?> parse, string description)
        where T : struct
    {
        var option = new Option<T?>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            Arity = ArgumentArity.ExactlyOne, // a bare `--device` is an error, not a flag
            CustomParser = result =>
            {
                var value = result.Tokens.Count == 0 ? null : parse(result.Tokens[0].Value);
                if (value is null)
                    result.AddError($"{name} must be one of {string.Join(", ", names)}, not '{result.Tokens[0].Value}'.");
                return value;
            },
        };
        option.CompletionSources.Clear(); // an enum's own member names would be offered too
        option.CompletionSources.Add([.. names]);
        return option;
    }

    /// <summary>Adds "NAME must be at least MIN" (or between MIN and MAX) to a whole-number option.</summary>
    public static Option<int> InRange(this Option<int> option, int minimum, int maximum = int.MaxValue, string? rule = null)
    {
        option.Validators.Add(result =>
        {
            // Only a value that parsed (a word that is not a number is already reported) and not the default.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int value) && (value < minimum || value > maximum))
                result.AddError($"{option.Name} must " +
                    $"be {rule ?? (maximum == int.MaxValue ? $"at least {minimum}" : $"between {minimum} and {maximum}")}, not {value}.");
        });
        return option;
    }
}
