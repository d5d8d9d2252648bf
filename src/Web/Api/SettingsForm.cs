using System.Globalization;
using KDTalker.Web.Jobs;
using Microsoft.AspNetCore.Http;

namespace KDTalker.Web.Api;

/// <summary>Reads a job's options from form fields named like the CLI's options (seed, steps, headMotion, …), with the CLI's messages.</summary>
internal static class SettingsForm
{
    public static JobSettings Parse(IFormCollection form)
    {
        var settings = new JobSettings
        {
            Seed = Number(form, "seed", 0L, long.TryParse, NumberStyles.Integer),
            Steps = Number(form, "steps", 50, int.TryParse, NumberStyles.Integer),
            HeadMotion = Number(form, "headMotion", 1.0, double.TryParse, NumberStyles.Float),
            Expression = Number(form, "expression", 1.0, double.TryParse, NumberStyles.Float),
            LipsOnly = Flag(form, "lipsOnly"),
            Relative = Flag(form, "relative"),
            PasteBack = Flag(form, "pasteBack"),
            NoCrop = Flag(form, "noCrop"),
            FaceIndex = form.ContainsKey("faceIndex") && form["faceIndex"].ToString() != ""
                ? Number(form, "faceIndex", 0, int.TryParse, NumberStyles.Integer) : null,
        };
        try
        {
            settings.ToGenerationOptions().Validate();
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw new ApiException(400, error.Message.Split(" (Parameter")[0]);
        }
        if (settings.FaceIndex is < 0)
            throw new ApiException(400, "faceIndex counts faces from the left, from 0.");
        return settings;
    }

    private delegate bool TryParse<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private static T Number<T>(IFormCollection form, string name, T fallback, TryParse<T> parse, NumberStyles styles)
    {
        string text = form[name].ToString();
        if (text == "")
            return fallback;
        return parse(text, styles, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException(400, $"{name} must be a number, not '{text}'.");
    }

    private static bool Flag(IFormCollection form, string name) => form[name].ToString().ToLowerInvariant() switch
    {
        "" or "false" or "off" or "0" => false,
        "true" or "on" or "1" => true,
        var other => throw new ApiException(400, $"{name} must be true or false, not '{other}'."),
    };
}
