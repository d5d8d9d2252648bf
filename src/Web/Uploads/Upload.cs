using KDTalker.Web.Api;
using Microsoft.AspNetCore.Http;

namespace KDTalker.Web.Uploads;

/// <summary>An uploaded file read into memory (within the size limit), its type found from its content, and a name safe to show.</summary>
internal sealed record Upload(byte[] Bytes, string Extension, string DisplayName)
{
    /// <summary>Reads the form file <paramref name="field"/> as a photo or a speech recording (<paramref name="sniff"/> gives the type).</summary>
    public static async Task<Upload> ReadAsync(IFormCollection form, string field, string what, string accepted, Func<byte[], string?> sniff,
        CancellationToken cancellationToken)
    {
        var file = form.Files[field] ?? throw new ApiException(400, $"The {what} is missing: send it as the multipart file field '{field}'.");
        string name = DisplayNameOf(file.FileName, field);
        if (file.Length == 0)
            throw new ApiException(400, $"{name} is empty: give a {what} ({accepted}).");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        byte[] bytes = buffer.ToArray();
        string extension = sniff(bytes) ?? throw new ApiException(415, $"{name} is not a {what} this service reads: its content is not {accepted}.");
        return new Upload(bytes, extension, name);
    }

    // The last path segment, printable characters only, at most 100: shown to users, never used as a path.
    private static string DisplayNameOf(string? uploaded, string fallback)
    {
        string name = (uploaded ?? "").Replace('\\', '/').Split('/').Last();
        name = new string(name.Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
        return name.Length == 0 ? fallback : name;
    }
}
