import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { reviewExtensionSource } from '@/components/review/extension-source';
import { parseParams, Review } from '@/components/review/Review';
import { openDb } from '@/lib/db/db';
import '@/components/base.css';
import '@/components/panel/panel.css';
import '@/components/review/review.css';

/**
 * The success review: an unlisted extension page (`/review.html?account=ID&version=customer|internal&from=&to=`),
 * opened from the panel's "Success review" link.
 */
const client = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});
createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={client}>
    <Review
      source={reviewExtensionSource(openDb())}
      initial={parseParams(location.search)}
      onNavigate={(search) => history.replaceState(null, '', search)}
    />
  </QueryClientProvider>,
);
