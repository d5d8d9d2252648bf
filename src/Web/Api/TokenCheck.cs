using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KDTalker.Web.Api;

/// <summary>
/// With a token configured, every call but the health check and the page itself must carry it: as
/// <c>Authorization: Bearer TOKEN</c>, or in the cookie that <c>POST /api/session</c> sets for the browser (so the
/// video element, downloads and the progress stream work). Compared in constant time.
/// </summary>
internal static class TokenCheck
{
    public const string CookieName = "kdtalker_token";

    public static IApplicationBuilder UseToken(this IApplicationBuilder app, string? token)
    {
        if (string.IsNullOrEmpty(token))
            return app;
        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            bool open = !path.StartsWithSegments("/api") || path == "/api/health";
            if (open || Matches(context.Request, expected))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new ErrorHandling.ErrorBody("This service needs its token: send 'Authorization: Bearer TOKEN' (the " +
                "page asks for it once)."));
        });
    }

    /// <summary>Whether the request carries the token (header or cookie).</summary>
    public static bool Matches(HttpRequest request, byte[] expectedHash)
    {
        string? given = request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : request.Cookies[CookieName];
        // Hashing both sides makes the compared lengths equal, so the time taken says nothing about the token.
        return given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expectedHash);
    }
}
