using KDTalker.Model.Face;
using KDTalker.Web.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KDTalker.Web.Api;

/// <summary>The faces of a photo, the health check, the browser's token session, and the page.</summary>
internal static class ServiceEndpoints
{
    /// <summary>A face found: its box in photo pixels and the detector's score.</summary>
    public sealed record FaceView(double Left, double Top, double Width, double Height, double Score);

    /// <summary>The faces of a photo, left to right, with the photo's size.</summary>
    public sealed record FacesView(int Width, int Height, IReadOnlyList<FaceView> Faces);

    /// <summary>The service's state.</summary>
    public sealed record HealthView(string Status, string Engine, bool ReleaseWeights, string Backend, string VideoFormat, bool TokenRequired, int JobsWaiting);

    public static void MapService(this IEndpointRouteBuilder app, ServerOptions options)
    {
        app.MapPost("/api/faces", async (HttpRequest request, Engine engine, CancellationToken cancellationToken) =>
            {
                var form = await UploadForm.ReadAsync(request, options, cancellationToken);
                var image = await Upload.ReadAsync(form, "image", "photo", JobSubmission.ImageTypes, bytes => ContentSniffer.Image(bytes), cancellationToken);
                var photo = JobSubmission.DecodePhoto(image, options.MaxPixels);
                var faces = await engine.WithFacesAsync(detector => FaceFinder.Find(detector, photo, cancellationToken), cancellationToken);
                return new FacesView(photo.Width, photo.Height, faces.Select(f =>
                    new FaceView(f.Box.Left, f.Box.Top, f.Box.Width, f.Box.Height, f.Score)).ToList());
            })
            .WithTags("faces").WithSummary("The faces found in a photo (multipart file 'image'), left to right: their index is a job's faceIndex")
            .Accepts<IFormFile>("multipart/form-data").Produces<FacesView>().DisableAntiforgery();
        app.MapGet("/api/health", (Engine engine, Jobs.JobQueue queue) =>
                new HealthView("ok", engine.Status, engine.IsRelease, engine.RenderBackend.Description,
                    engine.VideoFormat.ToString().ToLowerInvariant(), options.Token is not null, queue.Count))
            .WithTags("service").WithSummary("Whether the service runs, and the engine's state (loading, ready, failed)");
        app.MapPost("/api/session", (HttpContext context) =>
            {
                // Reached only with the token (TokenCheck): keep it in an HttpOnly cookie for the page's links and streams.
                string header = context.Request.Headers.Authorization.ToString();
                if (header.StartsWith("Bearer ", StringComparison.Ordinal))
                    context.Response.Cookies.Append(TokenCheck.CookieName, header["Bearer ".Length..],
                        new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/api" });
                return Results.NoContent();
            })
            .WithTags("service").WithSummary("With 'Authorization: Bearer TOKEN': sets the token cookie the page's video, downloads and progress stream use");

        foreach (var (path, resource, type) in new[] { ("/", "index.html", "text/html; charset=utf-8"),
            ("/app.js", "app.js", "text/javascript; charset=utf-8"), ("/app.css", "app.css", "text/css; charset=utf-8") })
        {
            byte[] content = PageResource(resource);
            app.MapGet(path, () => Results.Bytes(content, type)).ExcludeFromDescription();
        }
    }

    private static byte[] PageResource(string name)
    {
        using var stream = typeof(ServiceEndpoints).Assembly.GetManifestResourceStream("page/" + name)
            ?? throw new InvalidOperationException($"page/{name} is not embedded in the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
