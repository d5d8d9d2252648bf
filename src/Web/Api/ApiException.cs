namespace KDTalker.Web.Api;

/// <summary>A request the service refuses: the HTTP status and a message for the user (sent as <c>{"error": message}</c>).</summary>
internal sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
