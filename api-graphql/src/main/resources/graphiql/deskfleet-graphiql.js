// GraphiQL against this server's own endpoint (same origin: the page's Origin passes the API's origin check);
// subscriptions over the same origin's WebSocket (graphql-ws is inside GraphiQL's bundle).
(function () {
  var fetcher = GraphiQL.createFetcher({
    url: new URL('/graphql', window.location.href).toString(),
    subscriptionUrl: (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/graphql'
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
