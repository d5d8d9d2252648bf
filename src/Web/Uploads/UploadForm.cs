using KDTalker.Web.Api;
using Microsoft.AspNetCore.Http;

namespace KDTalker.Web.Uploads;

/// <summary>Reads a multipart upload, refusing one over the size limit before its body is read when it says its length.</summary>
internal static class UploadForm
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            throw new ApiException(415, "Send multipart/form-data: the files 'image' (the photo) and 'audio' (the speech), and the options as fields.");
        if (request.ContentLength > options.MaxUploadBytes + FormSlack)
            throw TooLarge(request.ContentLength.Value, options);
        var form = await request.ReadFormAsync(cancellationToken);
        long total = form.Files.Sum(f => f.Length);
        if (total > options.MaxUploadBytes)
            throw TooLarge(total, options);
        return form;
    }

    /// <summary>Room for the multipart headers and the option fields on top of the files.</summary>
    public const long FormSlack = 64 << 10;

    private static ApiException TooLarge(long bytes, ServerOptions options) =>
        new(413, $"The upload is {bytes / 1e6:F1} MB; this service takes at most {options.MaxUploadBytes / 1e6:F1} MB (photo and speech together).");
}
