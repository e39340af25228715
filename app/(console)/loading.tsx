import { Loading } from "@/components/ui/states";

/** While a console page is prepared on the server. */
export default function ConsoleLoading() {
  return <Loading what="the page" />;
}
