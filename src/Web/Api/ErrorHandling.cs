using KDTalker.Model.Audio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KDTalker.Web.Api;

/// <summary>Every error leaves as JSON <c>{"error": "…"}</c> with a fitting status, never as a stack trace.</summary>
internal static class ErrorHandling
{
    /// <summary>The JSON body of an error.</summary>
    public sealed record ErrorBody(string Error);

    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
            // No endpoint (404), wrong method (405) and the like: say so in JSON too.
            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentType is null)
                await context.Response.WriteAsJsonAsync(new ErrorBody(context.Response.StatusCode switch
                {
                    404 => $"There is nothing at {context.Request.Path}; the API is described at /openapi/v1.json.",
                    405 => $"{context.Request.Method} is not how {context.Request.Path} is called; see /openapi/v1.json.",
                    415 => "Send multipart/form-data (the uploads take files and option fields; see /openapi/v1.json).",
                    int status => $"The request failed with HTTP {status}.",
                }));
        }
        catch (Exception error) when (!context.Response.HasStarted && !(error is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var (status, message) = error switch
            {
                ApiException api => (api.Status, api.Message),
                BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                    (413, "The upload is larger than this service accepts."),
                BadHttpRequestException bad => (bad.StatusCode, $"Bad request: {bad.Message}"),
                InvalidDataException invalid when invalid.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) =>
                    (413, $"The upload is larger than this service accepts ({invalid.Message})."),
                InvalidDataException or AudioFormatException or ArgumentException => (400, error.Message),
                FileNotFoundException => (503, error.Message), // the face models are not installed on the server
                _ => (500, "Internal error; the server log has the details."),
            };
            if (status == 500)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("KDTalker.Web").LogError(error, "request {Path} failed",
                    context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new ErrorBody(message));
        }
    });
}
