package io.rootmfa.operator.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;

/**
 * One account session's view of a client shared by every session: each request it sends carries the
 * session's credentials, retry strategy and identity (as a request override), so that thousands of
 * accounts need no client, executor or connection pool of their own.
 *
 * <p>Every operation of an AWS SDK v2 client interface takes its request object; the convenience
 * overloads (a {@code Consumer} of the builder, no argument, paginators) are default methods that
 * build that request and call the operation on {@code this}, which is the view again. So the view
 * only has to amend a request it sees: it works for every operation of the interface, including
 * those added later, and closing it leaves the shared client open.
 */
final class SessionScopedClient implements InvocationHandler {
  private final SdkClient shared;
  private final AwsRequestOverrideConfiguration session;

  private SessionScopedClient(SdkClient shared, AwsRequestOverrideConfiguration session) {
    this.shared = shared;
    this.session = session;
  }

  static <C extends SdkClient> C of(
      Class<C> type, C shared, AwsRequestOverrideConfiguration session) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            new SessionScopedClient(shared, session)));
  }

  @Override
  public @Nullable Object invoke(Object view, Method method, @Nullable Object[] args)
      throws Throwable {
    if (method.getName().equals("close") && method.getParameterCount() == 0) {
      return null;
    }
    if (args != null && args.length > 0 && args[0] instanceof AwsRequest request) {
      Object[] amended = args.clone();
      amended[0] = withSession(request);
      return forward(method, amended);
    }
    if (method.isDefault() && args != null && args.length > 0) {
      // A convenience overload: it builds the request and calls back into this view.
      return InvocationHandler.invokeDefault(view, method, args);
    }
    if (method.isDefault()
        && args == null
        && (AwsResponse.class.isAssignableFrom(method.getReturnType())
            || SdkIterable.class.isAssignableFrom(method.getReturnType()))) {
      // A no-argument operation (e.g. GetAccountSummary) or paginator: same, with an empty request.
      return InvocationHandler.invokeDefault(view, method);
    }
    return forward(method, args);
  }

  private AwsRequest withSession(AwsRequest request) {
    AwsRequestOverrideConfiguration merged =
        request
            .overrideConfiguration()
            .map(
                own -> {
                  AwsRequestOverrideConfiguration.Builder b = session.toBuilder();
                  own.headers().forEach(b::putHeader);
                  own.apiCallTimeout().ifPresent(b::apiCallTimeout);
                  own.apiCallAttemptTimeout().ifPresent(b::apiCallAttemptTimeout);
                  return b.build();
                })
            .orElse(session);
    return (AwsRequest) request.toBuilder().overrideConfiguration(merged).build();
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(shared, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
